import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import FLUX007 from '../../../src/checks/flux/FLUX007-flux-v1.js';
import { runOne, yamlObjects, type KubeObject } from '../../helpers/check-harness.js';
import { healthy, snap, upstreamOnly, yaml } from './fixtures.js';

const HELM_OPERATOR_CRDS = yamlObjects(readFileSync('tests/fixtures/upstream/more/helm-operator-crds.yaml', 'utf8'));

const deployment = (name: string, image: string, ns = 'flux') =>
  yaml(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { name: ${name} } }
  template:
    metadata: { labels: { name: ${name} } }
    spec:
      containers:
      - name: ${name}
        image: ${image}
`);

const pod = (name: string, image: string, owner?: string) =>
  yaml(`
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: flux
${owner ? `  labels: { pod-template-hash: 7d9c5b8f4 }\n  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: ${owner}-7d9c5b8f4, controller: true }]` : ''}
spec:
  containers: [{ name: main, image: ${image} }]
`);

describe('FLUX007 no Flux v1 left in the cluster', () => {
  const valid: Array<[string, () => KubeObject[]]> = [
    ['passes on a healthy microsoft.flux (Flux v2) install', healthy],
    ['passes on an upstream Flux v2 install', upstreamOnly],
    ['passes on Flux v2 images that merely start with "flux"', () => [...healthy(), ...deployment('flux-cli', 'ghcr.io/fluxcd/flux-cli:v2.7.5', 'ci'), ...deployment('flagger', 'ghcr.io/fluxcd/flagger:1.38.0', 'ci')]],
    ['passes on a cluster with no Flux at all', () => deployment('web', 'nginx:1.27', 'default')],
  ];
  for (const [name, objects] of valid) {
    it(name, () => {
      const r = runOne(FLUX007, snap(objects()));
      expect(r.status, r.message).toBe('pass');
    });
  }

  const invalid: Array<[string, () => KubeObject[], string]> = [
    ['fails on the Flux v1 daemon from docker.io', () => [...healthy(), ...deployment('flux', 'docker.io/fluxcd/flux:1.25.4')], 'Flux v1 Deployment flux/flux runs docker.io/fluxcd/flux:1.25.4'],
    ['fails on a mirrored Flux v1 daemon image', () => [...healthy(), ...deployment('flux', 'mcr.microsoft.com/oss/fluxcd/flux:1.21.0')], 'runs mcr.microsoft.com/oss/fluxcd/flux:1.21.0'],
    ['fails on helm-operator', () => [...healthy(), ...deployment('helm-operator', 'fluxcd/helm-operator:1.4.4')], 'Flux v1 Deployment flux/helm-operator runs fluxcd/helm-operator:1.4.4'],
    ['fails on the helm.fluxcd.io HelmRelease CRD alone', () => [...healthy(), ...HELM_OPERATOR_CRDS], 'Flux v1 CRD helmreleases.helm.fluxcd.io is installed'],
    ['fails on a Flux v1-only cluster, where the flux area does not apply', () => deployment('flux', 'fluxcd/flux:1.21.0', 'gitops'), 'Flux v1 Deployment gitops/flux'],
    ['fails on a bare Flux v1 pod whose workload is not in the snapshot', () => pod('flux-7d9c5b8f4-abcde', 'weaveworks/flux:1.13.3', 'flux'), 'Flux v1 Pod flux/flux-7d9c5b8f4-abcde runs weaveworks/flux:1.13.3'],
  ];
  for (const [name, objects, fragment] of invalid) {
    it(name, () => {
      const r = runOne(FLUX007, snap(objects()));
      expect(r.status, r.message).toBe('fail');
      expect(r.message).toContain(fragment);
      expect(r.remediation?.text).toContain('Migrate to Flux v2');
    });
  }

  it('reports a Deployment and its pod once', () => {
    const r = runOne(FLUX007, snap([...deployment('flux', 'fluxcd/flux:1.25.4'), ...pod('flux-7d9c5b8f4-abcde', 'fluxcd/flux:1.25.4', 'flux')]));
    expect(r.findings).toHaveLength(1);
  });
});
