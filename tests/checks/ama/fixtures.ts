// The healthy Container Insights base every AMA case changes one thing of (built from the chart templates in
// ../shared/upstream/ama and the addon-token-adapter block in samples/ama).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixtureObjects, yamlObjects, type AzureResource, type KubeObject } from '../../helpers/check-harness.js';

const dir = fileURLToPath(new URL('../../fixtures/ama/', import.meta.url));

const base = fixtureObjects(dir + 'healthy');
const extension = JSON.parse(readFileSync(dir + 'extension.json', 'utf8')) as AzureResource;

export function healthyObjects(): KubeObject[] {
  return structuredClone(base);
}

export function amaExtension(): AzureResource {
  return structuredClone(extension);
}

export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

export function container(pod: KubeObject, name: string): Record<string, any> {
  return pod.status.containerStatuses.find((c: { name: string }) => c.name === name);
}

/** A container that keeps crashing, as kubectl shows it after a few restarts. */
export function crashLoop(pod: KubeObject, name: string, restarts = 7): void {
  const c = container(pod, name);
  c.ready = false;
  c.started = false;
  c.restartCount = restarts;
  c.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${name} pod=${pod.metadata.name}_kube-system(5b0d6a2e)` } };
  c.lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-11-26T11:50:01Z', finishedAt: '2026-11-26T11:50:03Z' } };
  pod.status.conditions.find((x: { type: string }) => x.type === 'Ready').status = 'False';
  pod.status.conditions.find((x: { type: string }) => x.type === 'ContainersReady').status = 'False';
}

export function event(involved: { kind: string; name: string }, reason: string, message: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.name}.18a7c3b2d4e5f601`, namespace: 'kube-system' },
    involvedObject: { apiVersion: 'apps/v1', kind: involved.kind, name: involved.name, namespace: 'kube-system' },
    reason,
    message,
    type: 'Warning',
    count: 14,
    source: { component: involved.kind === 'DaemonSet' ? 'daemonset-controller' : 'replicaset-controller' },
    firstTimestamp: '2026-11-26T11:02:11Z',
    lastTimestamp: '2026-11-26T11:58:40Z',
    ...extra,
  };
}

export const IPTABLES_LOG = `error modifying iptable rules: error adding rules to custom chain: running [/sbin/iptables -t nat -N aad-metadata --wait]: exit status 3: modprobe: can't change directory to '/lib/modules': No such file or directory

iptables v1.8.9 (legacy): can't initialize iptables table \`nat': Table does not exist (do you need to insmod?)

Perhaps iptables or your kernel needs to be upgraded.
`;

/** Objects of one variation file under tests/fixtures/ama/variations (real shapes the healthy base lacks). */
export function variation(name: string): KubeObject[] {
  return yamlObjects(readFileSync(dir + 'variations/' + name, 'utf8'));
}

/** A pod that the controller just created and the kubelet is still creating, `minutesAgo` before NOW. */
export function containerCreating(pod: KubeObject, minutesAgo: number): void {
  pod.metadata.creationTimestamp = new Date(Date.parse('2026-11-26T12:00:00Z') - minutesAgo * 60_000).toISOString();
  pod.status.phase = 'Pending';
  pod.status.conditions.find((x: { type: string }) => x.type === 'Ready').status = 'False';
  for (const c of pod.status.containerStatuses) Object.assign(c, { ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} });
}
