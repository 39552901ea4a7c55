// The engine's rules for what was not read (issue #10): an area is "not installed" only when its detection was read;
// a decisive log not read never lets a check pass; an explanatory one leaves a note; K8S001 names exactly the results.
import { describe, expect, it } from 'vitest';
import { defineCheck, fail, pass, type AreaDefinition, type CheckDefinition } from '../../src/checks/define.js';
import K8S001 from '../../src/checks/k8s/K8S001-api-access.js';
import { runChecks } from '../../src/engine/run.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { R } from '../../src/snapshot/resources.js';
import { POD_LOG_TYPE, Snapshot, type ReadFailure } from '../../src/snapshot/snapshot.js';

const agent: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'agent-1', namespace: 'tools', labels: { app: 'agent' } },
  spec: { containers: [{ name: 'agent' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'agent', ready: true, restartCount: 0 }] },
};
const toolsNs: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tools' } };
const logRefused: ReadFailure = { type: { ...POD_LOG_TYPE }, namespace: 'tools', name: 'agent-1/agent', reason: 'forbidden', message: 'pods "agent-1" is forbidden' };
const nsRefused: ReadFailure = { type: { group: '', kind: 'Namespace', plural: 'namespaces' }, reason: 'forbidden', message: 'namespaces is forbidden' };

const logClean = defineCheck({ id: 'TST010', area: 'osm', title: 'log clean', guide: 't', reads: [{ type: R.Pod }], logs: [{ selector: 'app=agent', decisive: true }], fixable: false, run: () => pass('the agent logs no error') });
const logExplains = defineCheck({ id: 'TST011', area: 'osm', title: 'explained', guide: 't', reads: [{ type: R.Pod }], logs: [{ selector: 'app=agent', decisive: false }], fixable: false, run: () => pass('the agent is ready') });
const failsAnyway = defineCheck({ id: 'TST012', area: 'osm', title: 'fails', guide: 't', reads: [{ type: R.Pod }], logs: [{ selector: 'app=agent', decisive: true }], fixable: false, run: () => fail('the agent is not ready', { evidence: [{ ref: 'x' }], remediation: { text: 't', commands: [] } }) });
const onlyWhenTroubled = defineCheck({ id: 'TST013', area: 'osm', title: 'on demand', guide: 't', reads: [{ type: R.Pod }], logs: [{ selector: 'app=agent', decisive: true, when: (p) => p.status?.phase !== 'Running' }], fixable: false, run: () => pass('fine') });
const CHECKS: CheckDefinition[] = [K8S001, logClean, logExplains, failsAnyway, onlyWhenTroubled];

const osmPresent: AreaDefinition = { id: 'osm', title: 'Open Service Mesh', detects: [{ type: R.Namespace }], applies: (s) => (s.get(R.Namespace, undefined, 'tools') ? { applies: true } : { applies: false, reason: 'OSM is not installed' }) };
const k8s: AreaDefinition = { id: 'k8s', title: 'Kubernetes API', detects: [], applies: () => ({ applies: true }) };

function run(snap: Snapshot) {
  const report = runChecks(snap, { checks: CHECKS, areas: [k8s, osmPresent], selected: new Set(CHECKS.map((c) => c.id)), suppressions: [], failOn: 'fail', now: new Date(0), target: { kind: 'cluster', name: 't' }, version: 't' });
  return { report, byId: (id: string) => report.results.find((r) => r.id === id)! };
}

describe('what was not read', () => {
  it('an area whose detection read failed is error naming it, not "not installed" (exit 4)', () => {
    const { report, byId } = run(new Snapshot({ objects: [agent], readFailures: [nsRefused] }));
    expect(byId('TST010')).toMatchObject({ status: 'error', message: 'whether Open Service Mesh is installed cannot be told: list namespaces cluster-wide was forbidden (namespaces is forbidden)' });
    expect(report.exitCode).toBe(4);
  });

  it('an area absent with its detection read is a plain skip', () => {
    const { byId } = run(new Snapshot({ objects: [agent] }));
    expect(byId('TST010')).toMatchObject({ status: 'skip', message: 'OSM is not installed' });
  });

  it('a refused decisive log turns a pass into error; an explanatory one leaves a note; a fail stands with a note', () => {
    const { report, byId } = run(new Snapshot({ objects: [toolsNs, agent], readFailures: [logRefused] }));
    expect(byId('TST010')).toMatchObject({ status: 'error', message: 'this check decides from container logs that could not be read: get the log of tools/agent-1/agent was forbidden (pods "agent-1" is forbidden)' });
    const note = 'decided without these logs (they could not be read): get the log of tools/agent-1/agent was forbidden (pods "agent-1" is forbidden)';
    expect(byId('TST011')).toMatchObject({ status: 'pass', message: 'the agent is ready', notes: [note] });
    expect(byId('TST012')).toMatchObject({ status: 'fail', message: 'the agent is not ready', notes: [note] });
    // Its `when` does not need the log of a running pod: nothing it needed was refused.
    expect(byId('TST013')).toMatchObject({ status: 'pass', message: 'fine' });
    expect(report.exitCode).toBe(1);
  });

  it('K8S001 names exactly the results that rest on the failed reads', () => {
    const { byId } = run(new Snapshot({ objects: [toolsNs, agent], readFailures: [logRefused] }));
    expect(byId('K8S001').message).toBe('1 read(s) refused or failed; TST010 ends in error; TST011, TST012 decided without them');
    expect(byId('K8S001').evidence).toEqual([
      { ref: 'v1/Pod logs in tools', path: 'pods/log', observed: 'get the log of tools/agent-1/agent was forbidden (pods "agent-1" is forbidden)', expected: 'readable (TST010 end in error without it; TST011, TST012 decided without it)' },
    ]);
  });

  it('K8S001 never claims checks end in error when none does', () => {
    const unrelated: ReadFailure = { type: { group: 'kyverno.io', kind: 'ClusterPolicy', plural: 'clusterpolicies' }, reason: 'forbidden', message: 'clusterpolicies.kyverno.io is forbidden' };
    const { byId } = run(new Snapshot({ objects: [toolsNs, agent], readFailures: [unrelated] }));
    expect(byId('K8S001')).toMatchObject({ status: 'warn', message: '1 read(s) refused or failed; no check ends in error because of them' });
  });
});
