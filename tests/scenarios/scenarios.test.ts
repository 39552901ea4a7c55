// Whole-snapshot scenarios built from upstream manifests and real failure reports (tests/fixtures/scenarios/):
// each reports exactly the non-pass, non-skip results an expert would expect, and never crashes a check.
import { describe, expect, it } from 'vitest';
import { expectScenario, type ScenarioExpectation } from '../helpers/scenario.js';

const DIR = 'tests/fixtures/scenarios';

/** What each scenario must report (see ScenarioExpectation). */
const EXPECTED: Record<string, ScenarioExpectation> = {
  // AKS with only the Container Insights addon, kubectl -o json; no Flux, no OSM, no extension resources.
  'aks-container-insights-only': { problems: [] },
  // Arc k3s with microsoft.flux only, completed helm-install Job pods and traefik in kube-system.
  'arc-k3s-flux-only': { problems: [] },
  // HA OSM (2 replicas + an Evicted pod), gatekeeper/kyverno/cert-manager/metallb neighbours, a completed Job pod
  // without sidecar in a joined namespace, a tainted node.
  'arc-ha-all-extensions-neighbours': { problems: [] },
  // Arc OSM extension v1.1.1 (envoy v1.19.3) on its own.
  'arc-osm-v1.1': { problems: [] },
  // Expired injector caBundle: the API server's x509 errors are OSM011's, not an endpoints (network) fault.
  'osm-webhook-ca-expired': { problems: ['OSM011:fail'], messages: { OSM011: 'certificate expired 2026-10-01' } },
  // A caBundle that is valid but not the injector's CA: only the API server's x509 errors show it.
  'osm-webhook-ca-mismatch': { problems: ['OSM011:fail'], messages: { OSM011: 'rejects the webhook\'s serving certificate' } },
  // `kubectl get deploy,po,svc,ep -n arc-osm-system -o yaml` only: what was not dumped cannot be judged.
  'osm-hand-made-partial': {
    problems: ['OSM009:error', 'OSM012:error', 'OSM013:error', 'OSM014:error', 'OSM015:error', 'OSM016:error'],
  },
  // An Azure Policy allowed-images constraint (Gatekeeper, deny) keeps every flux-system pod from being created.
  'flux-extension-denied-by-gatekeeper': {
    problems: ['AZ003:fail', 'FLUX001:fail', 'FLUX003:fail'],
    messages: { FLUX003: 'azurepolicy-k8sazurev2containerallowedimag-7b3c1f2e9a4d5b6c8e0f', AZ003: 'InstallationFailed' },
  },
  // Oracle Linux 9 nodes, hand-made: nodes + pods + addon-token-adapter previous logs only.
  'ama-oracle-linux-9-pods-only': {
    problems: ['AMA002:fail', 'AMA003:fail'],
    messages: { AMA002: "can't initialize iptables table `nat'" },
  },
};

describe('whole-snapshot scenarios', () => {
  for (const [name, exp] of Object.entries(EXPECTED)) {
    it(`${name} reports exactly ${exp.problems.join(', ') || 'no problem'}`, () => {
      expectScenario(`${DIR}/${name}`, exp);
    });
  }
});
