// `fix --wait` and the re-check exactly: what is watched, when it counts as done, the bound, the progress line, and
// the before → after lines (issue #16).
import { describe, expect, it } from 'vitest';
import type { ChangeOutcome } from '../../src/fix/apply.js';
import type { PlannedChange } from '../../src/fix/changes.js';
import { beforeAfter } from '../../src/fix/verify.js';
import { reconcileDone, rolloutDone, waitForChanges } from '../../src/fix/wait.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import type { ApiClient, ApiResponse } from '../../src/sources/live/http.js';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const deployPath = '/apis/apps/v1/namespaces/arc-osm-system/deployments/osm-controller';
const ksPath = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps';
const deploy = (status: object, generation = 4): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'osm-controller', namespace: 'arc-osm-system', generation }, spec: { replicas: 1, template: { metadata: { annotations: { [RESTARTED_AT]: 'now' } } } }, status });
const ks = (handled?: string): KubeObject => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, status: { lastHandledReconcileAt: handled, conditions: [{ type: 'Reconciling', status: 'False' }, { type: 'Ready', status: 'False', message: 'kustomize build failed' }] } });
const res = (status: number, body: unknown): ApiResponse => ({ status, headers: {}, body: JSON.stringify(body) });

function outcome(kind: 'restart' | 'reconcile' | 'label', after?: KubeObject): ChangeOutcome {
  const action =
    kind === 'restart'
      ? { title: 'restart', target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' }, patchType: 'strategic' as const, patch: { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: 'now' } } } } } }
      : kind === 'reconcile'
        ? { title: 'reconcile', target: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' }, patchType: 'merge' as const, patch: { metadata: { annotations: { [REQUESTED_AT]: 'T1' } } } }
        : { title: 'label', target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' }, patchType: 'merge' as const, patch: { metadata: { labels: { a: 'b' } } } };
  const change: PlannedChange = { checkId: 'X', alsoFor: [], action, path: kind === 'reconcile' ? ksPath : deployPath, contentType: '', existed: true };
  return { change, ok: true, message: '', after };
}

function fake(answers: Record<string, Array<ApiResponse>>) {
  const gets: string[] = [];
  const client = { get: async (path: string) => (gets.push(path), answers[path].length > 1 ? answers[path].shift()! : answers[path][0]) } as unknown as ApiClient;
  return { client, gets };
}

describe('rolloutDone and reconcileDone, at their edges', () => {
  it('a rollout: replicas default to 1, missing status counts as zero, each condition at its value', () => {
    const d = (status: object, replicas?: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: replicas === undefined ? {} : { replicas }, status });
    expect(rolloutDone(d({ observedGeneration: 2, updatedReplicas: 1, availableReplicas: 1 }), 2)).toBe('rolled out (1/1 updated and available)');
    expect(rolloutDone({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }, 0)).toBeUndefined();
    expect(rolloutDone(d({ observedGeneration: 2, updatedReplicas: 3, availableReplicas: 2 }, 3), 2)).toBeUndefined();
    expect(rolloutDone(d({ observedGeneration: 2, updatedReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 }, 3), 2)).toBe('rolled out (3/3 updated and available)');
    expect(rolloutDone(d({ observedGeneration: 2 }, 0), 2)).toBe('rolled out (0/0 updated and available)');
  });

  it('a reconcile: the Ready condition found among others; without one, Ready=unknown', () => {
    expect(reconcileDone(ks('T1'), 'T1')).toBe('reconciled (Ready=False: kustomize build failed)');
    expect(reconcileDone({ ...ks('T1'), status: { lastHandledReconcileAt: 'T1', conditions: 'x' } }, 'T1')).toBe('reconciled (Ready=unknown)');
    expect(reconcileDone({ ...ks('T1'), status: { lastHandledReconcileAt: 'T1', conditions: [{ type: 'Ready', status: 'True' }] } }, 'T1')).toBe('reconciled (Ready=True)');
    expect(reconcileDone(ks(), 'T1')).toBeUndefined();
  });
});

describe('waitForChanges', () => {
  it('watches restarts and reconcile requests until done, polling the pending ones only, one progress line per round', async () => {
    const { client, gets } = fake({
      [deployPath]: [res(200, deploy({ observedGeneration: 3 })), res(200, deploy({ observedGeneration: 4, updatedReplicas: 1, availableReplicas: 1 }))],
      [ksPath]: [res(200, ks('T1'))],
    });
    const progress: string[] = [];
    const lines = await waitForChanges(client, [outcome('restart', deploy({})), outcome('label', deploy({})), outcome('reconcile', ks()), outcome('restart')], { timeoutMs: 10_000, pollMs: 1, progress: (l) => progress.push(l) });
    expect(lines).toEqual(['apps/v1/Deployment arc-osm-system/osm-controller: rolled out (1/1 updated and available)', 'kustomize.toolkit.fluxcd.io/v1/Kustomization flux-system/apps: reconciled (Ready=False: kustomize build failed)']);
    expect(gets).toEqual([deployPath, ksPath, deployPath]);
    expect(progress).toEqual(['arcdoctor: waiting for 1 rollout(s)/reconcile(s)…']);
  });

  it('a patch that restarts nothing and requests nothing is not watched; nothing watched, nothing read', async () => {
    const { client, gets } = fake({});
    const restartedButNotByUs = outcome('label', deploy({}));
    expect(await waitForChanges(client, [restartedButNotByUs], { timeoutMs: 1000, pollMs: 1, progress: () => {} })).toEqual([]);
    expect(gets).toEqual([]);
  });

  it('bounded: what is not done in time (or cannot be read) is said so, with the bound in seconds', async () => {
    const { client, gets } = fake({ [deployPath]: [res(503, deploy({ observedGeneration: 4, updatedReplicas: 1, availableReplicas: 1 }))], [ksPath]: [res(200, ks('T0'))] });
    const progress: string[] = [];
    const started = Date.now();
    const lines = await waitForChanges(client, [outcome('restart', deploy({})), outcome('reconcile', ks())], { timeoutMs: 1000, pollMs: 700, progress: (l) => progress.push(l) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(690);
    // Two rounds: the second poll (at ≥ 700 ms) cannot fit another 700 ms sleep inside the 1000 ms bound, even when a
    // timer fires a millisecond early by Date.now. Stops before sleeping past the bound; the upper limit leaves room for a loaded CI machine's late timers.
    expect(Date.now() - started).toBeLessThan(2100);
    expect(lines).toEqual([
      'apps/v1/Deployment arc-osm-system/osm-controller: not done within 1s: check it with kubectl, it may still complete',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization flux-system/apps: not done within 1s: check it with kubectl, it may still complete',
    ]);
    expect(gets).toEqual([deployPath, ksPath, deployPath, ksPath]);
    expect(progress).toEqual(['arcdoctor: waiting for 2 rollout(s)/reconcile(s)…']);
  });
});

describe('beforeAfter', () => {
  it('one line per id: before → after with the new message; unknown sides as ?', () => {
    const report = (results: Array<{ id: string; status: string; message: string }>) => ({ results }) as never;
    const before = report([{ id: 'OSM013', status: 'fail', message: 'joined' }, { id: 'FLUX002', status: 'fail', message: 'x' }]);
    const after = report([{ id: 'OSM013', status: 'pass', message: 'no control-plane namespace joined' }, { id: 'OSM012', status: 'pass', message: 'ok' }]);
    expect(beforeAfter(before, after, ['OSM013', 'FLUX002', 'OSM012'])).toEqual(['OSM013: fail → pass (no control-plane namespace joined)', 'FLUX002: fail → ?', 'OSM012: ? → pass (ok)']);
  });
});
