// Whole outcomes of AMA002 (status, message, evidence, findings, commands, notes), each side of each split:
// current vs previous log, recovered vs still failing, with and without Node objects, the 160-character cut.
import { describe, expect, it } from 'vitest';
import AMA002 from '../../../src/checks/ama/AMA002-oracle-linux-iptables.js';
import { R } from '../../../src/snapshot/resources.js';
import { NOW, snapshotOf, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { containerCreating, container, crashLoop, find, healthyObjects, IPTABLES_LOG } from './fixtures.js';

const RS = 'ama-logs-rs-7c9d8f6b5d-2lq8r';
const DS1 = 'ama-logs-7xk2p'; // arc-worker-1
const DS2 = 'ama-logs-q9w4m'; // arc-worker-2
const A = 'addon-token-adapter';
const NAT_LINE = "iptables v1.8.9 (legacy): can't initialize iptables table `nat': Table does not exist (do you need to insmod?)";
const TEXT =
  "The adapter creates the iptables nat chain aad-metadata and these nodes do not load the iptable_nat kernel module. Load it on each node listed (the guide's `iptables_nat` is a typo), make it persistent (modprobe alone is lost at reboot), then restart the AMA pods.";
const RESTARTS = ['kubectl -n kube-system rollout restart deployment/ama-logs-rs', 'kubectl -n kube-system rollout restart daemonset/ama-logs'];
const ssh = (n: string) => `ssh ${n} 'sudo modprobe iptable_nat && echo iptable_nat | sudo tee /etc/modules-load.d/iptable_nat.conf'`;
const PERSIST = 'iptable_nat is loaded on these nodes now; make sure it stays loaded after a reboot (/etc/modules-load.d/iptable_nat.conf)';

const log = (pod: string, text: string, previous = false): ContainerLog => ({ namespace: 'kube-system', pod, container: A, previous, text });
const run = (objects: KubeObject[], logs: ContainerLog[] = [], completeTypes = [] as typeof R.Pod[]) => AMA002.run(snapshotOf(objects, { logs, completeTypes }), { now: NOW, catalog: [] });
function os(objects: KubeObject[], node: string, image: string): KubeObject[] {
  find(objects, 'Node', node).status.nodeInfo.osImage = image;
  return objects;
}
const nodeEv = (n: string, observed: string) => ({ ref: `v1/Node ${n}`, path: 'status.nodeInfo.osImage', observed, expected: 'a distribution that loads iptable_nat, or the module loaded' });
const podEv = (pod: string, observed: string) => ({ ref: `v1/Pod kube-system/${pod}`, path: `status.containerStatuses[${A}]`, observed, expected: 'ready, not restarting' });
const logEv = (pod: string, observed = NAT_LINE) => ({ ref: `v1/Pod kube-system/${pod}`, path: `logs/${A}`, observed });
const withoutAdapter = (objects: KubeObject[], templatesToo: boolean) => {
  for (const x of objects) {
    if (x.kind === 'Pod') {
      x.spec.containers = x.spec.containers.filter((c: { name: string }) => c.name !== A);
      x.status.containerStatuses = x.status.containerStatuses.filter((c: { name: string }) => c.name !== A);
    } else if (templatesToo && (x.kind === 'DaemonSet' || x.kind === 'Deployment')) x.spec.template.spec.containers = x.spec.template.spec.containers.filter((c: { name: string }) => c.name !== A);
  }
  return objects;
};

describe('AMA002 exact outcomes: passes', () => {
  it('passes with no EL9 node and no note on the healthy base', () => {
    expect(run(healthyObjects())).toEqual({ status: 'pass', message: `no Oracle Linux / RHEL 9.x node; ${A} shows no iptables error`, notes: [] });
  });

  it('passes on healthy EL9 nodes, listing each with its image, and says to keep the module loaded', () => {
    const o = os(os(healthyObjects(), 'arc-worker-1', 'Oracle Linux Server 9.4'), 'arc-worker-2', 'Rocky Linux 9.3 (Blue Onyx)');
    expect(run(o)).toEqual({
      status: 'pass',
      message: `${A} runs without the iptables error on the Oracle Linux / RHEL 9 node(s) arc-worker-1 (Oracle Linux Server 9.4), arc-worker-2 (Rocky Linux 9.3 (Blue Onyx))`,
      notes: [PERSIST],
    });
  });

  it('notes a recovered adapter instead of the general advice, on EL9 and elsewhere', () => {
    const note = `${RS} on arc-worker-2 logged the iptables nat error before its last restart and runs ready now: make iptable_nat persistent on that node (/etc/modules-load.d/iptable_nat.conf)`;
    const logs = [log(RS, IPTABLES_LOG, true), log(RS, 'token server listening on 7777\n')];
    expect(run(os(healthyObjects(), 'arc-worker-2', 'Oracle Linux Server 9.3'), logs)).toEqual({
      status: 'pass',
      message: `${A} runs without the iptables error on the Oracle Linux / RHEL 9 node(s) arc-worker-2 (Oracle Linux Server 9.3)`,
      notes: [note],
    });
    expect(run(healthyObjects(), logs)).toEqual({ status: 'pass', message: `no Oracle Linux / RHEL 9.x node; ${A} shows no iptables error`, notes: [note] });
    const unscheduled = healthyObjects();
    delete find(unscheduled, 'Pod', RS).spec.nodeName;
    expect(run(unscheduled, logs).notes).toEqual([note.replace('on arc-worker-2', 'on its node')]);
  });

  it('is not recovered while the adapter is still unready, nor when the current log has the error too', () => {
    const o = os(healthyObjects(), 'arc-worker-2', 'Oracle Linux Server 9.3');
    container(find(o, 'Pod', RS), A).ready = false;
    expect(run(o, [log(RS, IPTABLES_LOG, true), log(RS, 'starting\n')]).status).toBe('fail');
    expect(run(healthyObjects(), [log(RS, IPTABLES_LOG, true), log(RS, IPTABLES_LOG)]).status).toBe('fail');
  });

  it('passes an adapter failing on EL9 for another reason its logs show, naming pod and node', () => {
    const o = os(healthyObjects(), 'arc-worker-2', 'Oracle Linux Server 9.3');
    crashLoop(find(o, 'Pod', RS), A);
    expect(run(o, [log(RS, 'failed to get token: secret azure-arc/ama-logs-aad-msi-token not found\n', true)])).toEqual({
      status: 'pass',
      message: `${A} fails in ${RS} (arc-worker-2) on Oracle Linux / RHEL 9, but its logs hold no iptables nat error: another cause (AMA003 reports the pods)`,
      notes: [],
    });
    expect(run(o, [log(RS, '')]).message).toBe(`${A} fails in ${RS} (arc-worker-2) on Oracle Linux / RHEL 9, but its logs hold no iptables nat error: another cause (AMA003 reports the pods)`);
  });

  it('passes a crashing adapter on a non-EL9 node without logs, and while one on EL9 is still being created', () => {
    const o = healthyObjects();
    crashLoop(find(o, 'Pod', RS), A);
    expect(run(o).message).toBe(`no Oracle Linux / RHEL 9.x node; ${A} shows no iptables error`);
    const c = os(healthyObjects(), 'arc-worker-2', 'Oracle Linux Server 9.4');
    containerCreating(find(c, 'Pod', RS), 2);
    expect(run(c).status).toBe('pass');
  });

  it('tells a pod-less snapshot, pods not running the adapter yet, and pods without the adapter apart', () => {
    const noPods = healthyObjects().filter((x) => x.kind !== 'Pod');
    expect(run(noPods)).toEqual({ status: 'pass', message: `no Pod objects in the snapshot, so no ${A} to judge (kubectl -n kube-system get pods -o yaml)` });
    expect(run(noPods, [], [R.Pod])).toEqual({ status: 'pass', message: `no AMA pod runs ${A} yet, so no iptables error to see (AMA003 reports missing pods)` });
    const el9 = os(healthyObjects().filter((x) => x.kind !== 'Pod'), 'arc-worker-1', 'Oracle Linux Server 9.3');
    expect(run(el9, [], [R.Pod]).message).toBe(`no AMA pod runs ${A} yet, so no iptables error to see (AMA003 reports missing pods); Oracle Linux / RHEL 9 nodes: arc-worker-1 (Oracle Linux Server 9.3)`);
    expect(run(withoutAdapter(healthyObjects(), false)).message).toBe(`no AMA pod runs ${A} yet, so no iptables error to see (AMA003 reports missing pods)`);
    expect(run(withoutAdapter(healthyObjects(), true))).toEqual({ status: 'pass', message: `no ${A} container in the AMA pods (AAD auth not in use), so the iptables NAT setup does not apply` });
    expect(run(os(withoutAdapter(healthyObjects(), true), 'arc-worker-2', 'AlmaLinux 9.4')).message).toBe(
      `no ${A} container in the AMA pods (AAD auth not in use), so the iptables NAT setup does not apply; Oracle Linux / RHEL 9 nodes: arc-worker-2 (AlmaLinux 9.4)`,
    );
    const onlyDeployment = withoutAdapter(healthyObjects(), true);
    find(onlyDeployment, 'Deployment', 'ama-logs-rs').spec.template.spec.containers.push({ name: A, image: 'mcr.microsoft.com/aks/msi/addon-token-adapter:master.251201.2' });
    expect(run(onlyDeployment).message).toBe(`no AMA pod runs ${A} yet, so no iptables error to see (AMA003 reports missing pods)`);
  });

  it('does not take an init container of that name for the adapter', () => {
    const o = withoutAdapter(healthyObjects(), true);
    const pod = find(o, 'Pod', RS);
    pod.spec.initContainers = [{ name: A, image: 'x' }];
    pod.status.initContainerStatuses = [{ name: A, ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }];
    expect(run(o, [log(RS, IPTABLES_LOG)]).status).toBe('pass');
  });
});

describe('AMA002 exact outcomes: failures', () => {
  it('fails with the whole finding for a current-log error on Oracle Linux 9', () => {
    const o = os(healthyObjects(), 'arc-worker-2', 'Oracle Linux Server 9.3');
    crashLoop(find(o, 'Pod', RS), A);
    const message = `node arc-worker-2 (Oracle Linux Server 9.3): ${A} in ${RS} cannot set up iptables: ${NAT_LINE}`;
    const evidence = [nodeEv('arc-worker-2', 'Oracle Linux Server 9.3'), podEv(RS, 'CrashLoopBackOff, 7 restarts'), logEv(RS)];
    const commands = [ssh('arc-worker-2'), ...RESTARTS];
    expect(run(o, [log(RS, IPTABLES_LOG)])).toEqual({
      status: 'fail',
      message,
      evidence,
      remediation: { text: TEXT, commands },
      findings: [{ status: 'fail', object: { apiVersion: 'v1', kind: 'Node', name: 'arc-worker-2' }, message, evidence, commands }],
      fixes: [],
      notes: undefined,
    });
  });

  it('groups the pods of one node, takes the cause from the one that logged it, and sorts nodes with ssh first', () => {
    const o = os(os(healthyObjects(), 'arc-worker-1', 'Oracle Linux Server 9.3'), 'arc-worker-2', 'Oracle Linux Server 9.3');
    for (const p of [DS1, DS2, RS]) crashLoop(find(o, 'Pod', p), A, 3);
    const r = run(o, [log(RS, IPTABLES_LOG, true)]);
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`2 problems: node arc-worker-1 (Oracle Linux Server 9.3): ${A} in ${DS1} is failing (CrashLoopBackOff); no log to confirm the iptables error; and 1 more`);
    expect(r.findings?.map((f) => f.message)).toEqual([
      `node arc-worker-1 (Oracle Linux Server 9.3): ${A} in ${DS1} is failing (CrashLoopBackOff); no log to confirm the iptables error`,
      `node arc-worker-2 (Oracle Linux Server 9.3): ${A} in ${DS2}, ${RS} cannot set up iptables: ${NAT_LINE}`,
    ]);
    expect(r.findings?.[1].evidence).toEqual([nodeEv('arc-worker-2', 'Oracle Linux Server 9.3'), podEv(DS2, 'CrashLoopBackOff, 3 restarts'), podEv(RS, 'CrashLoopBackOff, 3 restarts'), logEv(RS)]);
    expect(r.remediation?.commands).toEqual([ssh('arc-worker-1'), ssh('arc-worker-2'), ...RESTARTS]);
  });

  it('fails on a non-ready adapter without a waiting reason as "not ready", with its restarts', () => {
    const o = os(healthyObjects(), 'arc-worker-2', 'CentOS Stream 9');
    Object.assign(container(find(o, 'Pod', RS), A), { ready: false, restartCount: 4 });
    const r = run(o);
    expect(r.findings?.map((f) => [f.message, f.evidence])).toEqual([
      [`node arc-worker-2 (CentOS Stream 9): ${A} in ${RS} is failing (not ready); no log to confirm the iptables error`, [nodeEv('arc-worker-2', 'CentOS Stream 9'), podEv(RS, 'not ready, 4 restarts')]],
    ]);
  });

  it('quotes the symptom line when the nat-table line is missing, cut at 160 characters', () => {
    const long = 'error modifying iptable rules: error adding rules to custom chain: running [/sbin/iptables -t nat -N aad-metadata --wait]: exit status 3: modprobe: cannot change directory';
    expect(long.length).toBeGreaterThan(160);
    const cut = (text: string) => {
      const o = healthyObjects();
      crashLoop(find(o, 'Pod', RS), A);
      return run(o, [log(RS, `starting\n  ${text}  \nexiting\n`)]).findings?.[0].message;
    };
    expect(cut(long)).toBe(`node arc-worker-2 (Ubuntu 22.04.4 LTS): ${A} in ${RS} cannot set up iptables: ${long.slice(0, 157)}...`);
    expect(cut(long.slice(0, 160))).toBe(`node arc-worker-2 (Ubuntu 22.04.4 LTS): ${A} in ${RS} cannot set up iptables: ${long.slice(0, 160)}`);
    expect(cut(long.slice(0, 161))).toBe(`node arc-worker-2 (Ubuntu 22.04.4 LTS): ${A} in ${RS} cannot set up iptables: ${long.slice(0, 157)}...`);
  });

  it.each([
    "iptables: can't initialize iptables table 'nat': Permission denied",
    'iptables v1.8.4: can\'t initialize iptables table "nat": Table does not exist',
    "CAN'T INITIALIZE IPTABLES TABLE nat",
    'iptables v1.8.7 (nf_tables): Table does not exist (do you need to insmod?)',
    'Error Modifying Iptable Rules: exit status 3',
  ])('recognises the line %s', (line) => {
    const o = healthyObjects();
    crashLoop(find(o, 'Pod', RS), A);
    expect(run(o, [log(RS, `a\n${line}\nb`)]).evidence).toContainEqual(logEv(RS, line));
  });

  it.each(['Table does not exist', 'error modifying rules', 'do you need to insmod?'])('does not take %s for the iptables error', (line) => {
    const o = healthyObjects();
    crashLoop(find(o, 'Pod', RS), A);
    expect(run(o, [log(RS, `${line}\n`)]).status).toBe('pass');
  });

  it('names an unscheduled pod, and a node that does not report its image', () => {
    const o = healthyObjects();
    delete find(o, 'Pod', RS).spec.nodeName;
    delete find(o, 'Node', 'arc-worker-2').status.nodeInfo.osImage;
    crashLoop(find(o, 'Pod', RS), A);
    crashLoop(find(o, 'Pod', DS2), A);
    const r = run(o, [log(RS, IPTABLES_LOG), log(DS2, IPTABLES_LOG)]);
    expect(r.findings?.map((f) => [f.object?.name, f.message, f.evidence?.length])).toEqual([
      ['(unscheduled)', `node (unscheduled) (OS unknown: Node not in the snapshot): ${A} in ${RS} cannot set up iptables: ${NAT_LINE}`, 2],
      ['arc-worker-2', `node arc-worker-2 (OS not reported): ${A} in ${DS2} cannot set up iptables: ${NAT_LINE}`, 3],
    ]);
    expect(r.remediation?.commands).toEqual([ssh('(unscheduled)'), ssh('arc-worker-2'), ...RESTARTS]);
  });

  it('says "no status" for a declared adapter without a container status', () => {
    const o = healthyObjects();
    const pod = find(o, 'Pod', RS);
    pod.status.containerStatuses = pod.status.containerStatuses.filter((c: { name: string }) => c.name !== A);
    expect(run(o, [log(RS, IPTABLES_LOG, true)]).evidence).toEqual([nodeEv('arc-worker-2', 'Ubuntu 22.04.4 LTS'), podEv(RS, 'no status'), logEv(RS)]);
  });

  it('judges an adapter that has a status but is missing from the spec', () => {
    const o = healthyObjects();
    const pod = find(o, 'Pod', RS);
    pod.spec.containers = pod.spec.containers.filter((c: { name: string }) => c.name !== A);
    crashLoop(pod, A);
    expect(run(o, [log(RS, IPTABLES_LOG)]).status).toBe('fail');
  });

  it('errors without Node objects when a failing adapter has no log, naming every such pod', () => {
    const o = healthyObjects().filter((x) => x.kind !== 'Node');
    crashLoop(find(o, 'Pod', RS), A);
    crashLoop(find(o, 'Pod', DS1), A);
    expect(run(o)).toEqual({ status: 'error', message: `${A} is failing in ${DS1}, ${RS}, but without Node objects or its logs the node OS and the cause cannot be told` });
    expect(run(o, [log(RS, 'other\n'), log(DS1, 'other\n', true)]).status).toBe('pass');
  });

  it('passes, not errors, when Node objects exist but not the failing pod\'s node', () => {
    const o = healthyObjects().filter((x) => x.metadata.name !== 'arc-worker-2');
    crashLoop(find(o, 'Pod', RS), A);
    expect(run(o)).toEqual({ status: 'pass', message: `no Oracle Linux / RHEL 9.x node; ${A} shows no iptables error`, notes: [] });
  });
});
