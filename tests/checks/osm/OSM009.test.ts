import { describe, expect, it } from 'vitest';
import OSM009 from '../../../src/checks/osm/OSM009-webhook-configurations.js';
import { runOne, snapshotOf } from '../../helpers/check-harness.js';
import { edited, meshBase, mutating, validating } from './mesh-fixtures.js';

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

describe('OSM009 exact outcomes', () => {
  const REMEDIATION_TEXT = "arc-osm-system's osm-controller creates the validating configuration and osm-injector the mutating one when they start; check their logs for the reason, then restart them so they re-create it.";
  const missingValidating = {
    status: 'fail',
    object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: 'osm-validator-mesh-osm' },
    message: 'No ValidatingWebhookConfiguration labelled app=osm-controller (expected osm-validator-mesh-osm): OSM policy objects are not validated',
    evidence: [{ ref: 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration osm-validator-mesh-osm', path: 'metadata.labels (app=osm-controller)', observed: 'none found', expected: 'osm-validator-mesh-osm' }],
    commands: [
      'kubectl get ValidatingWebhookConfiguration --selector app=osm-controller',
      'kubectl logs -n arc-osm-system -l app=osm-controller --tail=50',
      'kubectl rollout restart deployment osm-controller -n arc-osm-system',
    ],
  };
  const missingMutating = {
    status: 'fail',
    object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'arc-osm-webhook-osm' },
    message: 'No MutatingWebhookConfiguration labelled app=osm-injector (expected arc-osm-webhook-osm): no Envoy sidecar can be injected',
    evidence: [{ ref: 'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration arc-osm-webhook-osm', path: 'metadata.labels (app=osm-injector)', observed: 'none found', expected: 'arc-osm-webhook-osm' }],
    commands: [
      'kubectl get MutatingWebhookConfiguration --selector app=osm-injector',
      'kubectl logs -n arc-osm-system -l app=osm-injector --tail=50',
      'kubectl rollout restart deployment osm-injector -n arc-osm-system',
    ],
  };

  it('passes naming both configurations, with no notes', () => {
    expect(runOne(OSM009, edited(() => undefined))).toMatchObject({ status: 'pass', message: 'Found osm-validator-mesh-osm and arc-osm-webhook-osm', evidence: [], notes: [] });
  });

  it('the note names the configuration found by name only and the label it lacks', () => {
    const r = runOne(OSM009, edited((o) => void delete validating(o).metadata.labels!.app));
    expect(r.notes).toEqual(['ValidatingWebhookConfiguration osm-validator-mesh-osm was found by name but lacks the label app=osm-controller the guide selects by']);
  });

  it('one finding per missing configuration, each with its own evidence and commands', () => {
    const r = runOne(OSM009, edited((o) => o.filter((x) => !x.kind.endsWith('WebhookConfiguration') || x === mutating(o))));
    expect(r.findings).toEqual([missingValidating]);
    expect(r.evidence).toEqual(missingValidating.evidence);
    expect(r.remediation).toEqual({ text: REMEDIATION_TEXT, commands: missingValidating.commands });
    // Both kinds were read (another mesh's configurations are there), neither of this mesh.
    const both = runOne(OSM009, edited((o) => {
      for (const c of [validating(o), mutating(o)]) {
        c.metadata.name += '-other';
        c.metadata.labels!['app.kubernetes.io/instance'] = 'other';
      }
    }));
    expect(both.status).toBe('fail');
    expect(both.findings).toEqual([missingValidating, missingMutating]);
    expect(both.message).toBe(`2 problems: ${missingValidating.message}; and 1 more`);
  });

  it('on a collected snapshot that read only one kind, the other kind ends in error naming it', () => {
    const objects = meshBase().filter((x) => x.kind !== 'MutatingWebhookConfiguration');
    const r = runOne(OSM009, snapshotOf(objects, { completeTypes: [{ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' }] }));
    expect(r.status).toBe('error');
    expect(r.message).toBe('the snapshot was collected without MutatingWebhookConfiguration objects, so whether they exist cannot be told; add the output of `kubectl get MutatingWebhookConfiguration -o yaml`');
    expect(r.findings).toBeUndefined();
  });
});
