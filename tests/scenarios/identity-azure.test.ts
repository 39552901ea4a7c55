// Whole-snapshot scenarios for the identity checks (FLUX004, FLUX005) and the Azure side (AZ002-AZ004), built from
// the aad-pod-identity chart CRDs, the Arc troubleshooting doc's agent log and extension error, the portal's
// dry-run message (azure-docs #88988) and `az` CLI output (tests/fixtures/scenarios/<name>/).
import { describe, expect, it } from 'vitest';
import { runAll } from '../helpers/check-harness.js';
import { expectScenario, type ScenarioExpectation } from '../helpers/scenario.js';

const DIR = 'tests/fixtures/scenarios';

const EXPECTED: Record<string, ScenarioExpectation> = {
  // AAD Pod Identity (Helm: NMI DaemonSet, MIC, CRDs): NMI answers the flux agent's IMDS request; Azure says status not populated.
  'aks-pod-identity-flux-token-intercepted': {
    problems: ['AZ003:fail', 'FLUX004:fail'],
    messages: { FLUX004: 'no azure identity found for request clientID', AZ003: 'status not populated', 'AZ003 ': 'see FLUX004', AZ004: 'No Flux configurations exist' },
    commands: { FLUX004: 'az k8s-extension update -g gitops-rg -c aks-podid-01 -t managedClusters -n flux --version', AZ003: 'az k8s-extension delete --force -g gitops-rg -c aks-podid-01 -n flux -t managedClusters' },
  },
  // The AKS pod identity add-on with an exception for the flux pods and a current extension: nothing to report.
  'aks-pod-identity-flux-current': {
    problems: [],
    messages: { FLUX004: 'AAD Pod Identity is installed, but no agent logs a token interception' },
  },
  // A user-assigned kubelet identity, an OCIRepository on ACR refused with UNAUTHORIZED, no useKubeletIdentity.
  'aks-kubelet-identity-acr-unauthorized': {
    problems: ['FLUX005:fail'],
    messages: { FLUX005: 'contosoplatform.azurecr.io' },
    commands: { FLUX005: 'az k8s-extension create -g platform-rg -c aks-acr-01 -t managedClusters -n flux --extension-type microsoft.flux --config useKubeletIdentity=true' },
  },
  // Non-Compliant in Azure with the portal's JSON-escaped, cut message; the in-cluster Kustomization and webhook agree.
  'aks-fluxconfig-dry-run-webhook': {
    problems: ['AZ004:fail', 'FLUX002:fail'],
    messages: { AZ004: 'see FLUX002', FLUX002: 'MutatingWebhookConfiguration aks-webhook-admission-controller webhooks[0] (sideEffects Unknown)' },
    commands: { AZ004: 'arcdoctor check --check FLUX002', FLUX002: 'kubectl patch mutatingwebhookconfiguration aks-webhook-admission-controller' },
  },
  // `az k8s-extension list` / `az k8s-configuration flux list` printed []: read, and none.
  'arc-no-extensions-empty-lists': {
    problems: [],
    messages: { AZ003: 'No cluster extensions are installed', AZ004: 'No Flux configurations exist' },
  },
  // Providers registered, the AKS-ExtensionManager feature not.
  'aks-extension-manager-not-registered': {
    problems: ['AZ002:fail'],
    messages: { AZ002: 'AKS-ExtensionManager is NotRegistered', AZ003: 'No cluster extensions are installed' },
    commands: { AZ002: 'az feature register --namespace Microsoft.ContainerService --name AKS-ExtensionManager' },
  },
};

describe('identity and Azure-side scenarios', () => {
  for (const [name, exp] of Object.entries(EXPECTED)) {
    it(`${name} reports exactly ${exp.problems.join(', ') || 'no problem'}`, () => {
      expectScenario(`${DIR}/${name}`, exp);
    });
  }

  it('reports one FLUX002 finding when Azure and the cluster quote the same Kustomization', () => {
    const flux002 = runAll(`${DIR}/aks-fluxconfig-dry-run-webhook`).results.find((r) => r.id === 'FLUX002');
    expect(flux002?.message).not.toMatch(/problems/);
  });

  it('says the OCIRepository needs provider: azure as well', () => {
    const flux005 = runAll(`${DIR}/aks-kubelet-identity-acr-unauthorized`).results.find((r) => r.id === 'FLUX005');
    expect(flux005?.message).toContain('set spec.provider: azure');
  });
});
