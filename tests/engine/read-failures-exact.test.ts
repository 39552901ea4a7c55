// What a check could not read (src/engine/read-failures.ts), exactly: failed lists it reads, failed groups, its
// area's detection, the logs it needed (decisive apart), and how failures are named in one line.
import { describe, expect, it } from 'vitest';
import { defineCheck, pass, type AreaDefinition, type CheckDefinition, type LogNeed } from '../../src/checks/define.js';
import { describeFailures, detectionFailures, failedReads, missingReads, unreadLogs } from '../../src/engine/read-failures.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { R } from '../../src/snapshot/resources.js';
import { POD_LOG_TYPE, Snapshot, type ReadFailure } from '../../src/snapshot/snapshot.js';

const podsRefused: ReadFailure = { type: { group: '', kind: 'Pod', plural: 'pods' }, reason: 'forbidden', message: 'pods is forbidden' };
const podsInFluxRefused: ReadFailure = { type: { group: '', kind: 'Pod', plural: 'pods' }, namespace: 'flux-system', reason: 'unavailable', message: 'the server is currently unable to handle the request' };
const nsRefused: ReadFailure = { type: { group: '', kind: 'Namespace', plural: 'namespaces' }, reason: 'forbidden', message: 'namespaces is forbidden' };
const gatekeeperRefused: ReadFailure = { type: { group: 'constraints.gatekeeper.sh', kind: 'AllKinds', plural: '*' }, reason: 'forbidden', message: 'constraints are forbidden' };
const oneConstraintRefused: ReadFailure = { type: { group: 'constraints.gatekeeper.sh', kind: 'K8sAzureContainerLimits', plural: 'k8sazurecontainerlimits' }, name: 'x', reason: 'forbidden', message: 'one object' };

const check = (over: Partial<CheckDefinition>): CheckDefinition => defineCheck({ id: 'TST100', area: 'flux', title: 't', guide: 'g', reads: [], fixable: false, run: () => pass('ok'), ...over });

describe('failedReads and missingReads', () => {
  it('nothing failed: nothing missing', () => {
    expect(failedReads([{ type: R.Pod }], new Snapshot({ objects: [] }))).toEqual([]);
  });

  it('names each failed list once, whatever the namespace filter of the read', () => {
    const snap = new Snapshot({ objects: [], readFailures: [podsRefused, nsRefused] });
    expect(failedReads([{ type: R.Pod }, { type: R.Pod, namespace: 'flux-system' }, { type: R.Deployment }], snap)).toEqual([podsRefused]);
    expect(failedReads([{ type: R.Namespace }, { type: R.Pod }], snap)).toEqual([nsRefused, podsRefused]);
  });

  it('a namespaced failure misses a read of another namespace', () => {
    const snap = new Snapshot({ objects: [], readFailures: [podsInFluxRefused] });
    expect(failedReads([{ type: R.Pod, namespace: 'kube-system' }], snap)).toEqual([]);
    expect(failedReads([{ type: R.Pod, namespace: 'flux-system' }], snap)).toEqual([podsInFluxRefused]);
  });

  it('a check misses its lists and the groups it reads whole, each once; a failed single-object read is not a group read', () => {
    const snap = new Snapshot({ objects: [], readFailures: [podsRefused, gatekeeperRefused, oneConstraintRefused] });
    expect(missingReads(check({ reads: [{ type: R.Pod }], readsGroups: ['constraints.gatekeeper.sh'] }), snap)).toEqual([podsRefused, gatekeeperRefused]);
    expect(missingReads(check({ reads: [], readsGroups: ['constraints.gatekeeper.sh', 'kyverno.io'] }), snap)).toEqual([gatekeeperRefused]);
    expect(missingReads(check({ reads: [{ type: R.Deployment }] }), snap)).toEqual([]);
    expect(missingReads(check({ reads: [{ type: { group: 'constraints.gatekeeper.sh', kind: 'AllKinds', plural: '*' } as never }], readsGroups: ['constraints.gatekeeper.sh'] }), snap)).toEqual([gatekeeperRefused]);
  });

  it("detection failures are the failed reads of the area's detection; no area, none", () => {
    const snap = new Snapshot({ objects: [], readFailures: [podsRefused, nsRefused] });
    const area: AreaDefinition = { id: 'flux', title: 'Flux', detects: [{ type: R.Namespace }], applies: () => ({ applies: true }) };
    expect(detectionFailures(area, snap)).toEqual([nsRefused]);
    expect(detectionFailures(undefined, snap)).toEqual([]);
  });
});

describe('unreadLogs', () => {
  const agent = (name: string, phase = 'Running'): KubeObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'tools', labels: { app: 'agent' } },
    spec: { containers: [{ name: 'agent' }, { name: 'proxy' }] },
    status: { phase, containerStatuses: [{ name: 'agent', ready: true, restartCount: 0 }, { name: 'proxy', ready: true, restartCount: 0 }] },
  });
  const logRefused = (pod: string, container: string): ReadFailure => ({ type: { ...POD_LOG_TYPE }, namespace: 'tools', name: `${pod}/${container}`, reason: 'forbidden', message: `log of ${pod}/${container} is forbidden` });
  const decisive: LogNeed = { selector: 'app=agent', container: 'agent', decisive: true };
  const explanatory: LogNeed = { selector: 'app=agent', decisive: false };

  it('nothing when no log read failed, even with other failures', () => {
    const snap = new Snapshot({ objects: [agent('a1')], readFailures: [nsRefused] });
    expect(unreadLogs(check({ logs: [decisive, explanatory] }), snap)).toEqual({ decisive: [], explanatory: [] });
  });

  it('a failed log beside failed lists is still found', () => {
    const agentLog = logRefused('a1', 'agent');
    const snap = new Snapshot({ objects: [agent('a1')], readFailures: [nsRefused, agentLog] });
    expect(unreadLogs(check({ logs: [decisive] }), snap)).toEqual({ decisive: [agentLog], explanatory: [] });
  });

  it('nothing for a check without log needs', () => {
    const snap = new Snapshot({ objects: [agent('a1')], readFailures: [logRefused('a1', 'agent')] });
    expect(unreadLogs(check({}), snap)).toEqual({ decisive: [], explanatory: [] });
  });

  it('splits failed logs by the need that wanted them; one wanted decisively is not also explanatory', () => {
    const agentLog = logRefused('a1', 'agent');
    const proxyLog = logRefused('a1', 'proxy');
    const snap = new Snapshot({ objects: [agent('a1'), agent('a2')], readFailures: [agentLog, proxyLog] });
    expect(unreadLogs(check({ logs: [decisive, explanatory] }), snap)).toEqual({ decisive: [agentLog], explanatory: [proxyLog] });
    expect(unreadLogs(check({ logs: [explanatory] }), snap)).toEqual({ decisive: [], explanatory: [agentLog, proxyLog] });
    expect(unreadLogs(check({ logs: [decisive] }), snap)).toEqual({ decisive: [agentLog], explanatory: [] });
  });

  it('one failure covering many logs (a whole namespace refused) is named once', () => {
    const all: ReadFailure = { type: { ...POD_LOG_TYPE }, namespace: 'tools', reason: 'forbidden', message: 'pods/log is forbidden' };
    const snap = new Snapshot({ objects: [agent('a1'), agent('a2')], readFailures: [all] });
    expect(unreadLogs(check({ logs: [explanatory, decisive] }), snap)).toEqual({ decisive: [all], explanatory: [] });
  });

  it('a log its `when` does not want is not missing', () => {
    const snap = new Snapshot({ objects: [agent('a1'), agent('a2', 'Pending')], readFailures: [logRefused('a1', 'agent'), logRefused('a2', 'agent')] });
    const onDemand: LogNeed = { ...decisive, when: (p) => p.status?.phase !== 'Running' };
    expect(unreadLogs(check({ logs: [onDemand] }), snap)).toEqual({ decisive: [logRefused('a2', 'agent')], explanatory: [] });
  });
});

describe('describeFailures', () => {
  const f = (kind: string, message: string): ReadFailure => ({ type: { group: '', kind, plural: `${kind.toLowerCase()}s` }, reason: 'forbidden', message });

  it('joins up to three with "; "', () => {
    expect(describeFailures([])).toBe('');
    expect(describeFailures([f('Pod', 'p')])).toBe('list pods cluster-wide was forbidden (p)');
    expect(describeFailures([f('Pod', 'p'), f('Node', 'n'), f('Service', 's')])).toBe(
      'list pods cluster-wide was forbidden (p); list nodes cluster-wide was forbidden (n); list services cluster-wide was forbidden (s)',
    );
  });

  it('counts the rest after three, or after the maximum given', () => {
    const four = [f('Pod', 'p'), f('Node', 'n'), f('Service', 's'), f('Secret', 'x')];
    expect(describeFailures(four)).toBe(
      'list pods cluster-wide was forbidden (p); list nodes cluster-wide was forbidden (n); list services cluster-wide was forbidden (s); and 1 more',
    );
    expect(describeFailures([...four, f('Event', 'e')], 1)).toBe('list pods cluster-wide was forbidden (p); and 4 more');
  });

  it('names a failure that reads the same once', () => {
    expect(describeFailures([f('Pod', 'p'), { ...f('Pod', 'p') }, f('Pod', 'p'), f('Pod', 'p')])).toBe('list pods cluster-wide was forbidden (p)');
  });
});
