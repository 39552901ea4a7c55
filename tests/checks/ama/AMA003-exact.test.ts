// Whole outcomes of AMA003 (status, message, evidence, findings, commands, notes): missing vs present workloads,
// extension states, pods-only snapshots, the Windows agent, rollouts vs failures, the three-pod cap.
import { describe, expect, it } from 'vitest';
import AMA003 from '../../../src/checks/ama/AMA003-agents-available.js';
import type { SnapshotParts } from '../../../src/snapshot/snapshot.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { amaExtension, containerCreating, crashLoop, event, find, healthyObjects, variation } from './fixtures.js';

const P = 'ama-logs-q9w4m';
const RS = 'ama-logs-rs-7c9d8f6b5d-2lq8r';
const TEXT =
  'Container Insights collects nothing from a node whose ama-logs pod is not ready, and no cluster inventory, events or metrics without ama-logs-rs. Fix the cause each pod shows (scheduling, image pull, crash, node down), then check again.';
const run = (objects: KubeObject[], extra: Partial<SnapshotParts> = {}) => AMA003.run(snapshotOf(objects, extra), { now: NOW, catalog: [] });
const crashLine = (pod: string, restarts = 7, node = 'arc-worker-2') => `${pod} (node ${node}) CrashLoopBackOff: ama-logs CrashLoopBackOff, ${restarts} restarts, last exit Error`;
const podStatus = (pod: string, observed: string) => ({ ref: `v1/Pod kube-system/${pod}`, path: 'status', observed, expected: 'Running, all containers ready' });
const podCommands = (pod: string) => [`kubectl -n kube-system describe pod ${pod}`, `kubectl -n kube-system logs ${pod} -c ama-logs --previous`];
const ARC_ID = '--cluster-type connectedClusters --cluster-name arc-prod-01 --resource-group rg-arc-prod';
const noAgents = () => healthyObjects().filter((x) => !x.metadata.name.startsWith('ama-logs'));

describe('AMA003 exact outcomes: passes', () => {
  it('passes on the healthy base with no note', () => {
    expect(run(healthyObjects())).toEqual({ status: 'pass', message: 'ama-logs 2/2 ready, ama-logs-rs 1/1 available in kube-system', notes: [] });
  });

  it('notes the pre-3.0 names in the notes only', () => {
    expect(run([...healthyObjects().filter((x) => x.kind === 'Node'), ...variation('legacy-omsagent.yaml')])).toEqual({
      status: 'pass',
      message: 'omsagent 2/2 ready, omsagent-rs 1/1 available in kube-system',
      notes: ['the agents carry their pre-3.0 names (omsagent, omsagent-rs); upgrading the extension renames them ama-logs'],
    });
  });

  it('judges a pods-only snapshot from its pods, saying so', () => {
    const n1 = 'ama-logs judged from its 2 pod(s): no DaemonSet objects in the snapshot';
    const n2 = 'ama-logs-rs judged from its 1 pod(s): no Deployment objects in the snapshot';
    expect(run(healthyObjects().filter((x) => x.kind === 'Pod'))).toEqual({ status: 'pass', message: `the 3 agent pod(s) ready in kube-system; ${n1}; ${n2}`, notes: [n1, n2] });
    const n3 = 'ama-logs-rs not checked: neither Deployment objects nor its pods are in the snapshot';
    expect(run(healthyObjects().filter((x) => x.kind === 'Pod' && x.metadata.name !== RS)).notes).toEqual([n1, n3]);
  });

  it('judges the workloads it has when only one kind is missing from a pods snapshot', () => {
    const o = healthyObjects().filter((x) => x.kind !== 'Deployment');
    expect(run(o).findings?.map((f) => f.message)).toEqual(['Deployment kube-system/ama-logs-rs does not exist although other ama-logs workloads run']);
  });

  it('ignores a Windows DaemonSet with no Windows node, and an unhealthy one is a finding', () => {
    const win = variation('arc-extension-config.yaml').filter((x) => x.kind === 'DaemonSet');
    expect(run([...healthyObjects(), ...win]).status).toBe('pass');
    Object.assign(win[0].status, { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 0 });
    const r = run([...healthyObjects(), ...win]);
    expect(r.findings?.map((f) => [f.status, f.object, f.message])).toEqual([
      ['fail', { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'ama-logs-windows' }, 'DaemonSet kube-system/ama-logs-windows is 0/1 ready (current 1/1): no pod exists and no event says why (events expire after an hour)'],
    ]);
    expect(r.findings?.[0].commands?.slice(0, 2)).toEqual(['kubectl -n kube-system describe daemonset ama-logs-windows', 'kubectl -n kube-system get pods -l dsName=ama-logs-windows -o wide']);
  });
});

describe('AMA003 exact outcomes: missing workloads', () => {
  it('fails for a missing Deployment without an extension, with kubectl and az aks commands', () => {
    const o = healthyObjects().filter((x) => x.kind !== 'Deployment' && !x.metadata.name.startsWith('ama-logs-rs'));
    const finding = {
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'ama-logs-rs' },
      message: 'Deployment kube-system/ama-logs-rs does not exist although other ama-logs workloads run',
      evidence: [{ ref: 'apps/v1/Deployment kube-system/ama-logs-rs', observed: 'absent', expected: 'the Deployment the Container Insights chart installs' }],
      commands: ['kubectl -n kube-system get daemonsets,deployments -o wide | grep ama-logs', 'az aks enable-addons --addons monitoring --resource-group <resource-group> --name <cluster-name>'],
    };
    expect(run(o)).toEqual({ status: 'fail', message: finding.message, evidence: finding.evidence, remediation: { text: TEXT, commands: finding.commands }, findings: [finding], fixes: [], notes: [] });
  });

  it('fails for both workloads with the az k8s-extension commands, once each', () => {
    const r = run(noAgents(), { azure: [amaExtension()] });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('2 problems: DaemonSet kube-system/ama-logs does not exist although the microsoft.azuremonitor.containers extension azuremonitor-containers is installed; and 1 more');
    expect(r.remediation?.commands).toEqual([
      `az k8s-extension show --name azuremonitor-containers ${ARC_ID}`,
      `az k8s-extension delete --name azuremonitor-containers ${ARC_ID} --yes`,
      `az k8s-extension create --name azuremonitor-containers --extension-type Microsoft.AzureMonitor.Containers ${ARC_ID}`,
    ]);
    expect(r.findings?.map((f) => f.evidence)).toEqual([
      [{ ref: 'apps/v1/DaemonSet kube-system/ama-logs', observed: 'absent', expected: 'the DaemonSet the Container Insights chart installs' }],
      [{ ref: 'apps/v1/Deployment kube-system/ama-logs-rs', observed: 'absent', expected: 'the Deployment the Container Insights chart installs' }],
    ]);
  });

  it.each(['Creating', 'updating', 'Accepted', 'Deleting'])('warns while the extension is %s', (state) => {
    const ext = amaExtension();
    ext.provisioningState = state;
    const r = run(noAgents(), { azure: [ext] });
    expect(r.status).toBe('warn');
    expect(r.findings?.map((f) => [f.status, f.message])).toEqual([
      ['warn', `DaemonSet kube-system/ama-logs does not exist although the microsoft.azuremonitor.containers extension azuremonitor-containers is installed (provisioningState ${state}: the operation is still running)`],
      ['warn', `Deployment kube-system/ama-logs-rs does not exist although the microsoft.azuremonitor.containers extension azuremonitor-containers is installed (provisioningState ${state}: the operation is still running)`],
    ]);
  });

  it.each(['Failed', 'Succeeded', undefined])('fails when the extension is %s', (state) => {
    const ext = amaExtension();
    ext.provisioningState = state;
    expect(run(noAgents(), { azure: [ext] }).findings?.map((f) => f.status)).toEqual(['fail', 'fail']);
  });
});

describe('AMA003 exact outcomes: DaemonSet', () => {
  it('fails a crash loop with the whole finding', () => {
    const o = healthyObjects();
    Object.assign(find(o, 'DaemonSet', 'ama-logs').status, { numberReady: 1, numberAvailable: 1, numberMisscheduled: 1 });
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    const finding = {
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'ama-logs' },
      message: `DaemonSet kube-system/ama-logs is 1/2 ready (current 2/2): ${crashLine(P)}`,
      evidence: [
        { ref: 'apps/v1/DaemonSet kube-system/ama-logs', path: 'status', observed: 'desired 2, current 2, ready 1, available 1, misscheduled 1', expected: 'ready = available = desired (2)' },
        podStatus(P, 'CrashLoopBackOff, READY 2/3, 7 restarts'),
      ],
      commands: ['kubectl -n kube-system describe daemonset ama-logs', 'kubectl -n kube-system get pods -l dsName=ama-logs-ds -o wide', ...podCommands(P)],
    };
    expect(run(o)).toEqual({ status: 'fail', message: finding.message, evidence: finding.evidence, remediation: { text: TEXT, commands: finding.commands }, findings: [finding], fixes: [], notes: [] });
  });

  it('fails a DaemonSet scheduled on no node, expecting at least one', () => {
    const o = healthyObjects().filter((x) => !(x.kind === 'Pod' && x.metadata.labels?.dsName));
    find(o, 'DaemonSet', 'ama-logs').status = { desiredNumberScheduled: 0, numberMisscheduled: 0 };
    expect(run(o).findings).toEqual([
      {
        status: 'fail',
        object: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'ama-logs' },
        message: 'DaemonSet kube-system/ama-logs is scheduled on no node: no pod exists and no event says why (events expire after an hour)',
        evidence: [{ ref: 'apps/v1/DaemonSet kube-system/ama-logs', path: 'status', observed: 'desired 0, current 0, ready 0, available 0', expected: 'at least one node running the agent' }],
        commands: ['kubectl -n kube-system describe daemonset ama-logs', 'kubectl -n kube-system get pods -l dsName=ama-logs-ds -o wide'],
      },
    ]);
  });

  it('warns during a rollout, counting updated pods (0 when the field is absent)', () => {
    const o = healthyObjects();
    Object.assign(find(o, 'DaemonSet', 'ama-logs').status, { numberReady: 1, numberAvailable: 1 });
    delete find(o, 'DaemonSet', 'ama-logs').status.updatedNumberScheduled;
    containerCreating(find(o, 'Pod', P), 3);
    const r = run(o);
    expect(r.status).toBe('warn');
    expect(r.message).toBe(`DaemonSet kube-system/ama-logs is 1/2 ready (current 2/2), pods still starting (updated 0/2): ${P} (node arc-worker-2) ContainerCreating (starting or stopping, under 10 min old)`);
    expect(r.remediation?.commands).toEqual(['kubectl -n kube-system describe daemonset ama-logs', 'kubectl -n kube-system get pods -l dsName=ama-logs-ds -o wide', `kubectl -n kube-system describe pod ${P}`]);
  });

  it('falls back to the chart selector when the DaemonSet has none', () => {
    const o = healthyObjects();
    const ds = find(o, 'DaemonSet', 'ama-logs');
    Object.assign(ds.status, { numberReady: 1 });
    delete ds.spec.selector;
    expect(run(o).findings?.[0].commands?.[1]).toBe('kubectl -n kube-system get pods -l dsName=ama-logs-ds -o wide');
  });
});

describe('AMA003 exact outcomes: Deployment', () => {
  it('fails a scaled-down Deployment with the scale command first', () => {
    const o = healthyObjects().filter((x) => x.metadata.name !== RS);
    const dep = find(o, 'Deployment', 'ama-logs-rs');
    dep.spec.replicas = 0;
    dep.status = { observedGeneration: 2 };
    const finding = {
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'ama-logs-rs' },
      message: 'Deployment kube-system/ama-logs-rs is 0/0 ready: scaled to 0 replicas',
      evidence: [{ ref: 'apps/v1/Deployment kube-system/ama-logs-rs', path: 'status', observed: 'ready 0, available 0 of 0 (scaled to 0 replicas)', expected: '1 available' }],
      commands: ['kubectl -n kube-system scale deployment ama-logs-rs --replicas=1', 'kubectl -n kube-system describe deployment ama-logs-rs', 'kubectl -n kube-system get pods -l rsName=ama-logs-rs -o wide'],
    };
    expect(run(o)).toEqual({ status: 'fail', message: finding.message, evidence: finding.evidence, remediation: { text: TEXT, commands: finding.commands }, findings: [finding], fixes: [], notes: [] });
  });

  it('warns while its pod starts, and quotes the ReplicaSet FailedCreate otherwise', () => {
    const o = healthyObjects();
    find(o, 'Deployment', 'ama-logs-rs').status = { replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 };
    containerCreating(find(o, 'Pod', RS), 2);
    const r = run(o);
    expect(r.findings?.map((f) => [f.status, f.message, f.evidence?.[0]])).toEqual([
      [
        'warn',
        `Deployment kube-system/ama-logs-rs is 0/1 ready, its pod still starting: ${RS} (node arc-worker-2) ContainerCreating (starting or stopping, under 10 min old)`,
        { ref: 'apps/v1/Deployment kube-system/ama-logs-rs', path: 'status', observed: 'ready 0, available 0 of 1', expected: '1 available' },
      ],
    ]);
    const quota = event({ kind: 'ReplicaSet', name: 'ama-logs-rs-7c9d8f6b5d' }, 'FailedCreate', 'Error creating: pods "ama-logs-rs-7c9d8f6b5d-" is forbidden: exceeded quota');
    const other = event({ kind: 'ReplicaSet', name: 'ama-logs-rsx-1' }, 'FailedCreate', 'not ours');
    const n = healthyObjects().filter((x) => x.metadata.name !== RS);
    find(n, 'Deployment', 'ama-logs-rs').status = { replicas: 0, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }] };
    const otherRs = structuredClone(find(n, 'ReplicaSet', 'ama-logs-rs-7c9d8f6b5d'));
    otherRs.metadata.name = 'ama-logs-rsx-1';
    const f = run([...n, otherRs, quota, other]).findings?.[0];
    expect([f?.status, f?.message, f?.evidence?.[0].observed]).toEqual([
      'fail',
      'Deployment kube-system/ama-logs-rs is 0/1 ready: FailedCreate: Error creating: pods "ama-logs-rs-7c9d8f6b5d-" is forbidden: exceeded quota',
      'ready 0, available 0 of 1 (Deployment does not have minimum availability.)',
    ]);
  });
});

describe('AMA003 exact outcomes: pods-only snapshots', () => {
  it('caps the named pods at three and counts the rest, leaving out starting pods', () => {
    const base = healthyObjects().filter((x) => x.kind === 'Pod');
    const pods: KubeObject[] = [];
    for (let i = 1; i <= 6; i++) {
      const p = structuredClone(find(base, 'Pod', P));
      p.metadata.name = `ama-logs-p${i}`;
      if (i === 6) containerCreating(p, 1);
      else crashLoop(p, 'ama-logs', i);
      pods.push(p);
    }
    const r = run([find(base, 'Pod', RS), ...pods]);
    const f = r.findings?.[0];
    expect(r.findings).toHaveLength(1);
    expect(f?.object).toEqual({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'ama-logs' });
    expect(f?.message).toBe(`DaemonSet kube-system/ama-logs has unready pods: ${[1, 2, 3].map((i) => crashLine(`ama-logs-p${i}`, i)).join('; ')}; and 2 more`);
    expect(f?.evidence).toEqual([1, 2, 3, 4, 5].map((i) => podStatus(`ama-logs-p${i}`, `CrashLoopBackOff, READY 2/3, ${i} restarts`)));
    expect(f?.commands).toEqual([1, 2, 3].flatMap((i) => podCommands(`ama-logs-p${i}`)));
    expect(r.notes).toEqual(['ama-logs judged from its 6 pod(s): no DaemonSet objects in the snapshot', 'ama-logs-rs judged from its 1 pod(s): no Deployment objects in the snapshot']);
  });

  it('names exactly three pods without a count', () => {
    const base = healthyObjects().filter((x) => x.kind === 'Pod' && x.metadata.name !== RS);
    const pods = [1, 2, 3].map((i) => {
      const p = structuredClone(find(base, 'Pod', P));
      p.metadata.name = `ama-logs-p${i}`;
      crashLoop(p, 'ama-logs', i);
      return p;
    });
    expect(run(pods).findings?.[0].message).toBe(`DaemonSet kube-system/ama-logs has unready pods: ${[1, 2, 3].map((i) => crashLine(`ama-logs-p${i}`, i)).join('; ')}`);
  });
});
