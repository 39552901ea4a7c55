import { describe, expect, it } from 'vitest';
import AZ004, { PENDING_GRACE_MINUTES } from '../../../src/checks/azure/AZ004-flux-configurations-compliant.js';
import { NOW, runOne, type AzureResource } from '../../helpers/check-harness.js';
import { ARM_COMPLETE_GROUP } from '../../../src/checks/azure/arm.js';
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

describe('AZ004 exact outcomes', () => {
  const REF = 'Microsoft.KubernetesConfiguration/fluxConfigurations /subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/srs-fluxconfig';
  const ARGS = '-g rg1 -c clusterName1 -n srs-fluxconfig -t connectedClusters';
  const COMMANDS = (ns = 'srs-namespace', name = 'srs-fluxconfig', args = ARGS) => [
    `az k8s-configuration flux show ${args}`,
    `kubectl get fluxconfigs,gitrepositories,kustomizations,helmreleases -n ${ns}`,
    `kubectl describe fluxconfig ${name} -n ${ns}`,
  ];
  const run = (azure: AzureResource[], extra = {}) => AZ004.run(azureSnap(azure, extra), { now: NOW, catalog: [] });
  const edit = (e: (c: AzureResource) => void) => changed(base(), 'fluxConfigurations', e);
  /** Pending, last changed `minutes` before the test clock. */
  const pendingFor = (minutes: number, extra: (c: AzureResource) => void = () => undefined) =>
    edit((c) => {
      c.complianceState = 'Pending';
      c.statusUpdatedAt = new Date(NOW.getTime() - minutes * 60_000).toISOString();
      extra(c);
    });

  it('passes naming the configuration, with no notes; an empty complete list passes; no data skips', () => {
    expect(run(base())).toEqual({ status: 'pass', message: '1 Flux configuration(s) Compliant: srs-fluxconfig', notes: [] });
    expect(run([], { completeTypes: [{ group: ARM_COMPLETE_GROUP, kind: 'Microsoft.KubernetesConfiguration/fluxConfigurations' }] })).toEqual({ status: 'pass', message: 'No Flux configurations exist' });
    expect(run([])).toEqual({ status: 'skip', message: 'no Microsoft.KubernetesConfiguration/fluxConfigurations data (az k8s-configuration flux list -g RG -c CLUSTER -t TYPE)' });
  });

  it('a Suspended configuration passes with a note', () => {
    expect(run(edit((c) => (c.complianceState = 'Suspended'))).notes).toEqual(['srs-fluxconfig is Suspended (reconciliation paused on purpose)']);
  });

  it(`Pending under ${PENDING_GRACE_MINUTES} minutes is a note; at and over it, a warning`, () => {
    expect(run(pendingFor(29.4))).toEqual({ status: 'pass', message: '1 Flux configuration(s) Compliant: srs-fluxconfig', notes: ['srs-fluxconfig is Pending (changed 29 min ago; the agent has not reported yet)'] });
    expect(run(pendingFor(-3)).notes).toEqual(['srs-fluxconfig is Pending (changed 0 min ago; the agent has not reported yet)']);
    const since = new Date(NOW.getTime() - PENDING_GRACE_MINUTES * 60_000).toISOString();
    expect(run(pendingFor(PENDING_GRACE_MINUTES))).toEqual({
      status: 'warn',
      message: `Flux configuration srs-fluxconfig is Pending since ${since}: the in-cluster agent has not reported compliance`,
      evidence: [{ ref: REF, path: 'properties.complianceState', observed: 'Pending', expected: 'Compliant' }],
      remediation: { text: 'Each non-compliant object names its failing condition; fix the source (URL, branch, credentials) or the manifests it applies, then let Flux reconcile.', commands: [...COMMANDS(), 'arcdoctor check --area flux'] },
      findings: [expect.objectContaining({ status: 'warn', object: { kind: 'fluxConfigurations', namespace: 'rg1', name: 'srs-fluxconfig' } })],
      fixes: [],
      notes: [],
    });
  });

  it('Unknown with no timestamp at all warns without a "since"', () => {
    const r = run(edit((c) => {
      delete c.complianceState;
      delete c.statusUpdatedAt;
      delete c.systemData;
    }));
    expect(r.message).toBe('Flux configuration srs-fluxconfig is Unknown: the in-cluster agent has not reported compliance');
  });

  it('failed provisioning fails with the error message quoted first, and the flux-system namespace by default', () => {
    const r = run(edit((c) => {
      c.provisioningState = 'Failed';
      c.errorMessage = '  source   not found\n';
      delete c.namespace;
    }));
    expect(r.status).toBe('fail');
    expect(r.message).toBe('Flux configuration srs-fluxconfig is Compliant: provisioningState Failed: "source not found"');
    expect(r.evidence).toEqual([{ ref: REF, path: 'properties.complianceState', observed: 'Compliant', expected: 'Compliant' }]);
    expect(r.remediation?.commands).toEqual(COMMANDS('flux-system'));
  });

  it('canceled provisioning without an error message says only the state; a blank message is no message', () => {
    expect(run(edit((c) => { c.provisioningState = 'Canceled'; c.errorMessage = '   '; })).message).toBe('Flux configuration srs-fluxconfig is Compliant: provisioningState Canceled');
  });

  it('a non-compliant Kustomization is quoted, in the evidence, and a dry-run webhook adds the FLUX002 command', () => {
    const r = run(changed(base(), 'fluxConfigurations', kustomizationFails(DRY_RUN)));
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.evidence).toHaveLength(2);
    expect(r.evidence?.[0]).toEqual({ ref: REF, path: 'properties.complianceState', observed: 'Non-Compliant', expected: 'Compliant' });
    expect(r.remediation?.commands).toEqual([...COMMANDS(), 'arcdoctor check --check FLUX002   # webhook aks-webhook-admission-controller.azmk8s.io does not support dry run']);
  });

  it('a non-compliant object without messages is named without a quote, and no FLUX002 command', () => {
    const r = run(edit((c) => {
      c.complianceState = 'Non-Compliant';
      c.statuses[1].complianceState = 'Non-Compliant';
      c.statuses[1].statusConditions = [];
    }));
    expect(r.message).toBe(`Flux configuration srs-fluxconfig is Non-Compliant: Kustomization ${r.findings?.[0].message.split('Kustomization ')[1]}`);
    expect(r.message).not.toContain('"');
    expect(r.remediation?.commands).toEqual(COMMANDS());
  });

  it('Non-Compliant with no object and no provisioning error says only the state', () => {
    expect(run(edit((c) => { c.complianceState = 'Non-Compliant'; c.statuses = []; })).message).toBe('Flux configuration srs-fluxconfig is Non-Compliant');
  });
});
