import { describe, expect, it } from 'vitest';
import OSM009 from '../../../src/checks/osm/OSM009-webhook-configurations.js';
import { runOne } from '../../helpers/check-harness.js';
import { edited, mutating, validating } from './mesh-fixtures.js';

describe('OSM009 webhook configurations exist', () => {
  it.each(['healthy-v1.2', 'healthy-v1.1', 'healthy-v1.0', 'guide-healthy'])('passes on %s, naming both configurations', (name) => {
    const r = runOne(OSM009, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('osm-validator-mesh-osm and arc-osm-webhook-osm');
  });

  it('passes with a note when the configuration lost its label but keeps its name', () => {
    const r = runOne(OSM009, edited((o) => void delete validating(o).metadata.labels!.app));
    expect(r.status).toBe('pass');
    expect(r.notes?.join()).toContain('found by name');
  });

  it('fails when the MutatingWebhookConfiguration is missing, with the restart command', () => {
    const r = runOne(OSM009, edited((o) => o.filter((x) => x !== mutating(o))));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('MutatingWebhookConfiguration labelled app=osm-injector');
    expect(r.message).toContain('arc-osm-webhook-osm');
    expect(r.remediation?.commands).toContain('kubectl rollout restart deployment osm-injector -n arc-osm-system');
  });

  it('ignores a labelled configuration of another mesh', () => {
    const r = runOne(OSM009, edited((o) => {
      const v = validating(o);
      v.metadata.name = 'osm-validator-mesh-other';
      v.metadata.labels!['app.kubernetes.io/instance'] = 'other';
    }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ValidatingWebhookConfiguration labelled app=osm-controller');
  });
});

describe('OSM009 on a collected snapshot that did not read webhook configurations', () => {
  it('ends in error instead of failing', async () => {
    const { snapshotOf } = await import('../../helpers/check-harness.js');
    const { meshBase } = await import('./mesh-fixtures.js');
    const objects = meshBase().filter((x) => !x.kind.endsWith('WebhookConfiguration'));
    const r = runOne(OSM009, snapshotOf(objects, { completeTypes: [{ group: 'apps', kind: 'Deployment' }] }));
    expect(r.status).toBe('error');
    expect(r.message).toContain('kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml');
  });
});
