// Which logs a check's log need names on a snapshot (src/engine/log-needs.ts), exactly: the pods its selector and
// namespace list, its `when` on the listed objects, troubled pods first, the cap, the containers and restarts.
import { describe, expect, it } from 'vitest';
import type { LogNeed } from '../../src/checks/define.js';
import { MAX_PODS_PER_LOG_NEED, neededLogs, podTroubled } from '../../src/engine/log-needs.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';

interface PodShape {
  namespace?: string;
  labels?: Record<string, string>;
  phase?: string;
  containers?: unknown;
  statuses?: unknown;
}
const pod = (name: string, s: PodShape = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...('namespace' in s ? (s.namespace === undefined ? {} : { namespace: s.namespace }) : { namespace: 'flux-system' }), labels: s.labels ?? { app: 'source-controller' } },
  spec: { containers: s.containers ?? [{ name: 'manager' }] },
  status: { phase: s.phase ?? 'Running', ...(s.statuses === undefined ? { containerStatuses: [{ name: 'manager', ready: true, restartCount: 0 }] } : { containerStatuses: s.statuses }) },
});
const need = (over: Partial<LogNeed> = {}): LogNeed => ({ selector: 'app=source-controller', decisive: true, ...over });
const names = (logs: ReturnType<typeof neededLogs>) => logs.map((l) => `${l.pod.metadata.namespace}/${l.pod.metadata.name}/${l.container}${l.restarted ? ' (restarted)' : ''}`);

describe('neededLogs', () => {
  it('lists the selected pods of the namespace, each container once', () => {
    const snap = new Snapshot({
      objects: [
        pod('a', { containers: [{ name: 'manager' }, { name: 'sidecar' }] }),
        pod('b', { labels: { app: 'other' } }),
        pod('c', { namespace: 'elsewhere' }),
      ],
    });
    expect(names(neededLogs(need({ namespace: 'flux-system' }), snap))).toEqual(['flux-system/a/manager', 'flux-system/a/sidecar']);
    expect(names(neededLogs(need(), snap))).toEqual(['flux-system/a/manager', 'flux-system/a/sidecar', 'elsewhere/c/manager']);
  });

  it('only the named container when the need names one', () => {
    const snap = new Snapshot({ objects: [pod('a', { containers: [{ name: 'manager' }, { name: 'sidecar' }] })] });
    expect(names(neededLogs(need({ container: 'sidecar' }), snap))).toEqual(['flux-system/a/sidecar']);
    expect(neededLogs(need({ container: 'absent' }), snap)).toEqual([]);
  });

  it('skips containers without a string name and specs without a container list', () => {
    const snap = new Snapshot({ objects: [pod('a', { containers: [null, { name: 7 }, { image: 'x' }, { name: 'manager' }] }), pod('b', { containers: 'oops' })] });
    expect(names(neededLogs(need(), snap))).toEqual(['flux-system/a/manager']);
  });

  it('marks a container that restarted, from its own status only', () => {
    const snap = new Snapshot({
      objects: [
        pod('a', {
          containers: [{ name: 'manager' }, { name: 'sidecar' }, { name: 'third' }],
          statuses: [null, 'x', { name: 'manager', ready: true, restartCount: 0 }, { name: 'sidecar', ready: true, restartCount: 1 }, { name: 'third', ready: true }],
        }),
      ],
    });
    expect(neededLogs(need(), snap).map((l) => [l.container, l.restarted])).toEqual([['manager', false], ['sidecar', true], ['third', false]]);
    expect(neededLogs(need(), snap)[0].pod.metadata.name).toBe('a');
  });

  it('a pod without a status yet (just created) is listed, as troubled', () => {
    const bare: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new', namespace: 'flux-system', labels: { app: 'source-controller' } }, spec: { containers: [{ name: 'manager' }] } };
    const snap = new Snapshot({ objects: [pod('a'), bare] });
    expect(names(neededLogs(need(), snap))).toEqual(['flux-system/a/manager', 'flux-system/new/manager']);
    expect(podTroubled(bare)).toBe(true);
  });

  it('leaves out a pod without a namespace', () => {
    const snap = new Snapshot({ objects: [pod('loose', { namespace: undefined }), pod('a')] });
    expect(names(neededLogs(need(), snap))).toEqual(['flux-system/a/manager']);
  });

  it('asks `when` about each pod with the snapshot, and reads the log when `when` crashes', () => {
    const snap = new Snapshot({ objects: [pod('running'), pod('pending', { phase: 'Pending' }), pod('odd')] });
    const seen: string[] = [];
    const when = (p: KubeObject, s: Snapshot) => {
      seen.push(`${p.metadata.name}:${s === snap}`);
      if (p.metadata.name === 'odd') throw new Error('odd input');
      return p.status?.phase !== 'Running';
    };
    expect(names(neededLogs(need({ when }), snap))).toEqual(['flux-system/pending/manager', 'flux-system/odd/manager']);
    expect(seen.sort()).toEqual(['odd:true', 'pending:true', 'running:true']);
  });

  it('puts troubled pods (a container not ready or restarted) first, in list order otherwise', () => {
    const snap = new Snapshot({
      objects: [
        pod('p1'),
        pod('p2', { statuses: [{ name: 'manager', ready: false, restartCount: 0 }] }),
        pod('p3'),
        pod('p4', { statuses: [{ name: 'manager', ready: true, restartCount: 2 }] }),
        pod('p5', { statuses: [] }),
      ],
    });
    expect(neededLogs(need(), snap).map((l) => l.pod.metadata.name)).toEqual(['p2', 'p4', 'p1', 'p3', 'p5']);
  });

  it(`reads at most ${MAX_PODS_PER_LOG_NEED} pods per need, troubled ones kept`, () => {
    expect(MAX_PODS_PER_LOG_NEED).toBe(50);
    const many = Array.from({ length: 51 }, (_, i) => pod(`p${String(i).padStart(2, '0')}`));
    many.push(pod('sick', { statuses: [{ name: 'manager', ready: false }] }));
    const logs = neededLogs(need(), new Snapshot({ objects: many }));
    expect(logs).toHaveLength(50);
    expect(logs[0].pod.metadata.name).toBe('sick');
    expect(logs[49].pod.metadata.name).toBe('p48');
    const exactly = neededLogs(need(), new Snapshot({ objects: many.slice(0, 50) }));
    expect(exactly).toHaveLength(50);
  });
});

describe('podTroubled', () => {
  const p = (phase: string | undefined, statuses: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'n' }, status: { ...(phase ? { phase } : {}), containerStatuses: statuses } }) as KubeObject;
  const ok = { name: 'manager', ready: true, restartCount: 0 };

  it('a running pod whose containers are ready and never restarted is not troubled', () => {
    expect(podTroubled(p('Running', [ok]))).toBe(false);
    expect(podTroubled(p('Running', [{ name: 'manager', ready: true }]))).toBe(false);
  });

  it('statuses that are not objects are ignored', () => {
    expect(podTroubled(p('Running', [ok, 'x', null, 3]))).toBe(false);
  });

  it('a pod not Running, a container not ready, or one that restarted is', () => {
    expect(podTroubled(p('Pending', [ok]))).toBe(true);
    expect(podTroubled(p(undefined, [ok]))).toBe(true);
    expect(podTroubled(p('Running', [ok, { name: 'sidecar', ready: false, restartCount: 0 }]))).toBe(true);
    expect(podTroubled(p('Running', [{ name: 'manager', ready: true, restartCount: 1 }]))).toBe(true);
  });

  it('without container statuses: troubled unless it Succeeded', () => {
    expect(podTroubled(p('Pending', undefined))).toBe(true);
    expect(podTroubled(p('Running', []))).toBe(true);
    expect(podTroubled(p('Succeeded', undefined))).toBe(false);
    expect(podTroubled(p('Succeeded', [null]))).toBe(false);
  });

  it('about one container: only its status counts', () => {
    const pd = p('Running', [ok, { name: 'sidecar', ready: false, restartCount: 3 }]);
    expect(podTroubled(pd, 'manager')).toBe(false);
    expect(podTroubled(pd, 'sidecar')).toBe(true);
    // A container with no status yet: as a pod without statuses.
    expect(podTroubled(pd, 'absent')).toBe(true);
    expect(podTroubled(p('Succeeded', [ok]), 'absent')).toBe(false);
  });
});
