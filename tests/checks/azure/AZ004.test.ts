import { describe, expect, it } from 'vitest';
import AZ004 from '../../../src/checks/azure/AZ004-flux-configurations-compliant.js';
import { runOne } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed } from './azure-fixtures.js';

// MicrosoftDocs/azure-docs #88988: the portal's fluxConfiguration message, JSON-escaped and cut after "dry".
const DRY_RUN = 'dry-run failed, reason: BadRequest, error: admission webhook \\"aks-webhook-admission-controller.azmk8s.io\\" does not support dry';

const base = () => azureFixture('rest/GetFluxConfiguration.json');

const kustomizationFails = (message: string) => (r: Record<string, any>) => {
  r.complianceState = 'Non-Compliant';
  r.statuses[1].complianceState = 'Non-Compliant';
  r.statuses[1].statusConditions = [{ lastTransitionTime: '2026-11-26T11:00:00Z', message, reason: 'ReconciliationFailed', status: 'False', type: 'Ready' }];
};

describe('AZ004 Flux configurations compliant', () => {
  it('passes on the REST example (Compliant, every object Compliant)', () => {
    const r = runOne(AZ004, azureSnap(base()));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('srs-fluxconfig');
  });

  it('passes a Pending configuration changed a few minutes ago, with a note', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', (c) => {
      c.complianceState = 'Pending';
      c.statusUpdatedAt = '2026-11-26T11:55:00Z';
    })));
    expect(r.status).toBe('pass');
    expect(r.notes?.join(' ')).toContain('Pending');
  });

  it('passes a Suspended configuration, noting it', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', (c) => (c.complianceState = 'Suspended'))));
    expect(r.status).toBe('pass');
    expect(r.notes?.join(' ')).toContain('Suspended');
  });

  it('fails on Non-Compliant, naming the object and quoting its condition', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', kustomizationFails('kustomize build failed: accumulating resources'))));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('srs-fluxconfig is Non-Compliant');
    expect(r.message).toContain('Kustomization srs-fluxconfig-srs-kustomization1 Non-Compliant: "kustomize build failed');
    expect(r.remediation?.commands).toContain('az k8s-configuration flux show -g rg1 -c clusterName1 -n srs-fluxconfig -t connectedClusters');
    expect(r.remediation?.commands).toContain('kubectl describe fluxconfig srs-fluxconfig -n srs-namespace');
  });

  it('fails on the dry-run signature and links FLUX002 naming the webhook', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', kustomizationFails(DRY_RUN))));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('see FLUX002');
    expect(r.remediation?.commands.join('\n')).toContain('arcdoctor check --check FLUX002   # webhook aks-webhook-admission-controller.azmk8s.io');
  });

  it('fails when an object is Non-Compliant although the overall state still says Compliant', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', (c) => (c.statuses[0].complianceState = 'Non-Compliant'))));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('GitRepository srs-fluxconfig Non-Compliant');
  });

  it('fails on provisioningState Failed quoting errorMessage', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', (c) => {
      c.provisioningState = 'Failed';
      c.errorMessage = 'Error: {failed to get the extension microsoft.flux}';
    })));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('failed to get the extension microsoft.flux');
  });

  it('warns on a configuration Pending for hours', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', (c) => (c.complianceState = 'Pending'))));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('Pending since 2021-05-19');
  });

  it('warns on Unknown without any timestamp', () => {
    const r = runOne(AZ004, azureSnap(changed(base(), 'fluxConfigurations', (c) => {
      c.complianceState = 'Unknown';
      delete c.statusUpdatedAt;
      delete c.systemData;
      delete c.properties;
    })));
    expect(r.status).toBe('warn');
  });

  it('skips when the snapshot has no Flux configuration data', () => {
    const r = runOne(AZ004, azureSnap(azureFixture('cli/providers.json')));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('az k8s-configuration flux list');
  });
});
