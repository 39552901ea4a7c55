// AZ004 exact outcomes the first tests left free (issue #16): several configurations and objects, messages joined,
// every object's evidence, the dry-run signature in errorMessage, non-string fields, a nameless configuration.
import { describe, expect, it } from 'vitest';
import AZ004 from '../../../src/checks/azure/AZ004-flux-configurations-compliant.js';
import { NOW, type AzureResource } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed } from './azure-fixtures.js';

const DRY_RUN = 'dry-run failed, reason: BadRequest, error: admission webhook \\"aks-webhook-admission-controller.azmk8s.io\\" does not support dry';
const base = () => azureFixture('rest/GetFluxConfiguration.json');
const run = (azure: AzureResource[]) => AZ004.run(azureSnap(azure), { now: NOW, catalog: [] });
const edit = (e: (c: AzureResource) => void) => changed(base(), 'fluxConfigurations', e);
const FLUX002 = 'arcdoctor check --check FLUX002   # webhook aks-webhook-admission-controller.azmk8s.io does not support dry run';
const failing = (c: AzureResource, i: number, messages: string[]) => {
  c.complianceState = 'Non-Compliant';
  c.statuses[i].complianceState = 'Non-Compliant';
  c.statuses[i].statusConditions = messages.map((message) => ({ lastTransitionTime: '2026-11-26T11:00:00Z', message, reason: 'ReconciliationFailed', status: 'False', type: 'Ready' }));
};

describe('AZ004 exact outcomes (2)', () => {
  it('two Compliant configurations: both named in the pass message', () => {
    const second = { ...base()[0], name: 'apps', id: String(base()[0].id).replace(/srs-fluxconfig$/, 'apps') };
    expect(run([...base(), second])).toEqual({ status: 'pass', message: '2 Flux configuration(s) Compliant: srs-fluxconfig, apps', notes: [] });
  });

  it('two failing objects and failed provisioning: every part joined, every object in the evidence', () => {
    const r = run(edit((c) => {
      failing(c, 0, ['auth failed']);
      failing(c, 1, ['first', 'second']);
      c.provisioningState = 'Failed';
      c.errorMessage = 'source failed';
    }));
    expect(r.message).toBe('Flux configuration srs-fluxconfig is Non-Compliant: provisioningState Failed: "source failed"; GitRepository srs-fluxconfig Non-Compliant: "auth failed"; Kustomization srs-fluxconfig-srs-kustomization1 Non-Compliant: "first | second"');
    const ref = 'Microsoft.KubernetesConfiguration/fluxConfigurations /subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/srs-fluxconfig';
    expect(r.evidence).toEqual([
      { ref, path: 'properties.complianceState', observed: 'Non-Compliant', expected: 'Compliant' },
      { ref, path: 'properties.statuses[0]', observed: 'GitRepository srs-fluxconfig: Non-Compliant — auth failed', expected: 'Compliant' },
      { ref, path: 'properties.statuses[1]', observed: 'Kustomization srs-fluxconfig-srs-kustomization1: Non-Compliant — first | second', expected: 'Compliant' },
    ]);
    expect(r.remediation?.commands).not.toContain(FLUX002);
  });

  it('an object without messages is named without a quote', () => {
    const r = run(edit((c) => failing(c, 1, [])));
    expect(r.message).toBe('Flux configuration srs-fluxconfig is Non-Compliant: Kustomization srs-fluxconfig-srs-kustomization1 Non-Compliant');
  });

  it('the dry-run signature in errorMessage alone (no object failing) links FLUX002', () => {
    const r = run(edit((c) => {
      c.provisioningState = 'Failed';
      c.errorMessage = DRY_RUN;
    }));
    expect(r.message).toBe('Flux configuration srs-fluxconfig is Compliant: provisioningState Failed: "dry-run failed, reason: BadRequest, error: admission webhook \\"aks-webhook-admission-controller.azmk8s.io\\" does not support dry" (see FLUX002: an admission webhook does not declare sideEffects None/NoneOnDryRun)');
    expect(r.remediation?.commands?.at(-1)).toBe(FLUX002);
  });

  it('a failed provisioning without errorMessage, or with a non-string one, quotes nothing', () => {
    const absent = run(edit((c) => { c.provisioningState = 'Failed'; delete c.errorMessage; }));
    const number = run(edit((c) => { c.provisioningState = 'Failed'; c.errorMessage = 42; }));
    expect([absent.message, number.message]).toEqual(['Flux configuration srs-fluxconfig is Compliant: provisioningState Failed', 'Flux configuration srs-fluxconfig is Compliant: provisioningState Failed']);
  });

  it('a blank or non-string namespace falls back to flux-system; a nameless configuration gets placeholders', () => {
    const cmds = (e: (c: AzureResource) => void) => run(edit((c) => { c.complianceState = 'Non-Compliant'; e(c); })).remediation?.commands;
    expect(cmds((c) => (c.namespace = ''))?.[1]).toBe('kubectl get fluxconfigs,gitrepositories,kustomizations,helmreleases -n flux-system');
    expect(cmds((c) => (c.namespace = 7))?.[1]).toBe('kubectl get fluxconfigs,gitrepositories,kustomizations,helmreleases -n flux-system');
    const nameless = run(edit((c) => { c.complianceState = 'Non-Compliant'; c.statuses = []; delete c.name; delete c.id; }));
    expect(nameless.message).toBe('Flux configuration <CONFIG_NAME> is Non-Compliant');
    expect(nameless.remediation?.commands).toEqual([
      'az k8s-configuration flux show -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -n <CONFIG_NAME> -t <connectedClusters|managedClusters>',
      'kubectl get fluxconfigs,gitrepositories,kustomizations,helmreleases -n srs-namespace',
      'kubectl describe fluxconfig <CONFIG_NAME> -n srs-namespace',
    ]);
  });

  it('a signature that spans two condition messages of one object is found in their space-joined text', () => {
    const r = run(edit((c) => failing(c, 1, ['Health check failed after 10m0s: timeout waiting for: [Deployment/apps/web status: InProgress]. Last resource not ready was', 'flux-system/web'])));
    expect(r.message).toBe('Flux configuration srs-fluxconfig is Non-Compliant: Kustomization srs-fluxconfig-srs-kustomization1 Non-Compliant: "Health check failed after 10m0s: timeout waiting for: [Deployment/apps/web status: InProgress]. Last resource not ready was | flux-system/web" (see FLUX001: a Flux controller of the extension never became ready)');
  });
});
