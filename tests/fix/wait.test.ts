// `fix --wait`: when a rollout or a reconcile counts as done.
import { describe, expect, it } from 'vitest';
import { reconcileDone, rolloutDone } from '../../src/fix/wait.js';
import type { KubeObject } from '../../src/snapshot/objects.js';

const deploy = (status: object, replicas = 2): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'osm-controller', generation: 3 }, spec: { replicas }, status });

describe('fix --wait verdicts', () => {
  it('a rollout is done once the new generation is observed and every replica is updated and available', () => {
    expect(rolloutDone(deploy({ observedGeneration: 2, updatedReplicas: 2, availableReplicas: 2 }), 3)).toBeUndefined();
    expect(rolloutDone(deploy({ observedGeneration: 3, updatedReplicas: 1, availableReplicas: 2 }), 3)).toBeUndefined();
    expect(rolloutDone(deploy({ observedGeneration: 3, updatedReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 }), 3)).toBeUndefined();
    expect(rolloutDone(deploy({ observedGeneration: 3, updatedReplicas: 2, availableReplicas: 2 }), 3)).toBe('rolled out (2/2 updated and available)');
  });

  it('a reconcile is done when Flux reports the request as handled, with its Ready condition', () => {
    const k = (handled?: string): KubeObject => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps' }, status: { lastHandledReconcileAt: handled, conditions: [{ type: 'Ready', status: 'True', message: 'Applied revision: main@sha1:abc' }] } });
    expect(reconcileDone(k('2026-11-26T11:00:00.000Z'), '2026-11-26T12:00:00.000Z')).toBeUndefined();
    expect(reconcileDone(k('2026-11-26T12:00:00.000Z'), '2026-11-26T12:00:00.000Z')).toBe('reconciled (Ready=True: Applied revision: main@sha1:abc)');
  });
});
