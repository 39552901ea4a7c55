// Logs on demand (issue #13): a healthy 15-node cluster (ama-logs on every node, Arc agents, Flux, OSM) costs the
// lists and no log; a broken one reads exactly the logs that explain it. Counted in serve's request log.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ContainerLog, KubeObject } from '../../src/snapshot/objects.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import { partsOf } from '../engine/refusals.js';
import { clusterSide, liveCheck, withServer } from './live-run.js';

const BASE = 'examples/healthy-all-extensions';
const IPTABLES_LOG = readFileSync('examples/ama-oracle-linux-9/logs/kube-system/ama-logs-7xk2p/addon-token-adapter.previous.log', 'utf8');
const NODES = 15;

/** The example grown to 15 Arc nodes, one ama-logs pod on each; `broken` nodes' adapters crash on iptables. */
function fifteenNodes(broken: number[] = []): Snapshot {
  const p = partsOf(clusterSide(BASE));
  const nodeTemplate = p.objects.find((o) => o.kind === 'Node' && o.metadata.name === 'arc-worker-1')!;
  const podTemplate = p.objects.find((o) => o.kind === 'Pod' && o.metadata.name === 'ama-logs-7xk2p')!;
  const objects = p.objects.filter((o) => !(o.kind === 'Node' && o.metadata.name.startsWith('arc-worker')) && !(o.kind === 'Pod' && o.metadata.labels?.dsName === 'ama-logs-ds'));
  const logs: ContainerLog[] = [...p.logs!];
  for (let i = 0; i < NODES; i++) {
    const node: KubeObject = structuredClone(nodeTemplate);
    node.metadata.name = `arc-worker-${i + 1}`;
    const pod: KubeObject = structuredClone(podTemplate);
    pod.metadata.name = `ama-logs-n${String(i).padStart(2, '0')}`;
    pod.spec.nodeName = node.metadata.name;
    if (broken.includes(i)) {
      crashAdapter(pod);
      logs.push({ namespace: 'kube-system', pod: pod.metadata.name, container: 'addon-token-adapter', previous: true, text: IPTABLES_LOG });
    }
    objects.push(node, pod);
  }
  const ds = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'ama-logs')!;
  const ready = NODES - broken.length;
  ds.status = { ...ds.status, currentNumberScheduled: NODES, desiredNumberScheduled: NODES, updatedNumberScheduled: NODES, numberReady: ready, numberAvailable: ready, ...(broken.length ? { numberUnavailable: broken.length } : {}) };
  return new Snapshot({ ...p, objects, logs });
}

function crashAdapter(pod: KubeObject): void {
  const adapter = pod.status.containerStatuses.find((c: { name: string }) => c.name === 'addon-token-adapter');
  Object.assign(adapter, { ready: false, started: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } });
  pod.status.conditions = pod.status.conditions.map((c: { type: string }) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' } : c));
}

const logPaths = (requests: ReadonlyArray<{ path: string; query: string }>) => requests.filter((r) => r.path.endsWith('/log')).map((r) => `${r.path.split('/')[6]} ${new URLSearchParams(r.query).get('container')}${new URLSearchParams(r.query).get('previous') ? ' previous' : ''}`).sort();

describe('logs on demand against serve', () => {
  it('a healthy 15-node cluster costs at most 45 requests, none of them a log, as many as the 2-node one', async () => {
    const small = await withServer({ snapshot: clusterSide(BASE) }, (s) => liveCheck(s));
    await withServer({ snapshot: fifteenNodes() }, async (s) => {
      const run = await liveCheck(s);
      expect(run.exitCode).toBe(0);
      expect(logPaths(s.requests)).toEqual([]);
      expect(run.requests).toBeLessThanOrEqual(45);
      expect(run.requests).toBe(small.requests);
    });
  });

  it('a broken one reads exactly the logs of the failing adapters, and AMA002 quotes them', async () => {
    await withServer({ snapshot: fifteenNodes([2, 7, 11]) }, async (s) => {
      const run = await liveCheck(s);
      // AMA002 (the adapter, current and previous) and AMA003 (every container of the troubled pods).
      const expected = ['ama-logs-n02', 'ama-logs-n07', 'ama-logs-n11'].flatMap((p) => [`${p} addon-token-adapter`, `${p} addon-token-adapter previous`, `${p} ama-logs`, `${p} ama-logs-prometheus`]);
      expect(logPaths(s.requests)).toEqual(expected.sort());
      const ama002 = run.results.find((r) => r.id === 'AMA002')!;
      expect(ama002.status).toBe('fail');
      expect(ama002.message).toBe("3 problems: node arc-worker-12 (Ubuntu 22.04.4 LTS): addon-token-adapter in ama-logs-n11 cannot set up iptables: iptables v1.8.9 (legacy): can't initialize iptables table `nat': Table does not exist (do you need to insmod?); and 2 more");
      expect(run.exitCode).toBe(1);
    });
  });
});
