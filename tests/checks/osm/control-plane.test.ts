import { describe, expect, it } from 'vitest';
import { controlPlaneChecks } from '../../../src/checks/osm/control-plane-checks.js';
import { runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base } from './control-plane-fixtures.js';

describe('OSM001–OSM008 on whole control planes', () => {
  for (const fixture of ['guide-healthy', 'healthy-v1.0', 'healthy-v1.1', 'healthy-v1.2']) {
    it(`passes every control-plane check on ${fixture}`, () => {
      const snap = snapshotOf(base(fixture));
      for (const check of controlPlaneChecks) expect([check.id, runOne(check, snap).status]).toEqual([check.id, 'pass']);
    });
  }

  it('registers OSM001–OSM008 in catalog order', () => {
    expect(controlPlaneChecks.map((c) => c.id)).toEqual(['OSM001', 'OSM002', 'OSM003', 'OSM004', 'OSM005', 'OSM006', 'OSM007', 'OSM008']);
  });

  it('never crashes on objects stripped to their metadata', () => {
    const stripped = base().map((o): KubeObject => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata }));
    for (const check of controlPlaneChecks) {
      const r = runOne(check, snapshotOf(stripped));
      expect(r.message).not.toContain('the check itself failed');
      expect(['fail', 'warn']).toContain(r.status);
    }
  });

  it('fails, not skips, when the whole control plane was deleted but the namespace is left', () => {
    const snap = snapshotOf(base().filter((o) => o.kind === 'Namespace' || o.metadata.namespace !== 'arc-osm-system').concat([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system' }, spec: { replicas: 2 }, status: { readyReplicas: 2, availableReplicas: 2 } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'coredns-1', namespace: 'kube-system' }, status: { phase: 'Running' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: { ports: [{ port: 443 }] } },
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 443 }] }] },
    ]));
    for (const check of controlPlaneChecks) expect([check.id, runOne(check, snap).status]).toEqual([check.id, 'fail']);
  });
});
