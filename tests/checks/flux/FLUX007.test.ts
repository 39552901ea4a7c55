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

describe('FLUX007 exact outcomes', () => {
  const REMEDIATION =
    'Flux v1 is unsupported (Azure support for Flux v1 configurations ended 2025-05-24; none can be created since 2024-01-01). Migrate to Flux v2 (az k8s-configuration flux create), then remove Flux v1 and its CRDs.';
  const AZ_LIST = 'az k8s-configuration list -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters>';

  it('passes with the exact message', () => {
    const r = runOne(FLUX007, snap(healthy()));
    expect(r.status).toBe('pass');
    expect(r.message).toBe('no Flux v1 workloads (fluxcd/flux, fluxcd/helm-operator) or helm.fluxcd.io CRDs in the cluster');
  });

  it('a Deployment and its own pod are one finding, with evidence and the delete command', () => {
    const r = runOne(FLUX007, snap([...deployment('flux', 'docker.io/fluxcd/flux:1.25.4'), ...pod('flux-7d9c5b8f4-abcde', 'docker.io/fluxcd/flux:1.25.4', 'flux')]));
    expect(r.findings).toEqual([
      {
        status: 'fail',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'flux', name: 'flux' },
        message: 'Flux v1 Deployment flux/flux runs docker.io/fluxcd/flux:1.25.4',
        evidence: [{ ref: 'apps/v1/Deployment flux/flux', path: 'spec.containers[].image', observed: 'docker.io/fluxcd/flux:1.25.4', expected: 'no Flux v1 images (migrate to Flux v2)' }],
        commands: [AZ_LIST, 'kubectl delete deployment flux -n flux   # after migrating to Flux v2'],
      },
    ]);
    expect(r.remediation).toEqual({ text: REMEDIATION, commands: [AZ_LIST, 'kubectl delete deployment flux -n flux   # after migrating to Flux v2'] });
  });

  it('a pod whose owner is not in the snapshot, or that has no owner, is its own finding', () => {
    const r = runOne(FLUX007, snap([...pod('memcached-0', 'weaveworks/helm-operator:0.10.1', 'gone'), ...pod('bare', 'registry.example.com/mirror/fluxcd/flux:1.25.4')]));
    expect(r.findings?.map((f) => f.message)).toEqual(['Flux v1 Pod flux/memcached-0 runs weaveworks/helm-operator:0.10.1', 'Flux v1 Pod flux/bare runs registry.example.com/mirror/fluxcd/flux:1.25.4']);
  });

  it('a pod owned by a ReplicaSet without the template hash is matched by the owner name itself', () => {
    const p = pod('flux-x', 'fluxcd/flux:1.25.4', 'flux');
    delete p[0].metadata.labels;
    p[0].metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'flux', controller: true }];
    expect(runOne(FLUX007, snap([...deployment('flux', 'fluxcd/flux:1.25.4'), ...p])).findings).toHaveLength(1);
  });

  it('each Flux v1 CRD is a finding, counting helm-operator HelmReleases when there are some', () => {
    const crd = HELM_OPERATOR_CRDS.find((c) => c.metadata.name === 'helmreleases.helm.fluxcd.io')!;
    const release = { apiVersion: 'helm.fluxcd.io/v1', kind: 'HelmRelease', metadata: { name: 'podinfo', namespace: 'demo' }, spec: {} };
    const withRelease = runOne(FLUX007, snap([crd, release]));
    expect(withRelease.findings).toEqual([
      {
        status: 'fail',
        object: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'helmreleases.helm.fluxcd.io' },
        message: 'Flux v1 CRD helmreleases.helm.fluxcd.io is installed with 1 HelmRelease(s) of helm-operator',
        evidence: [{ ref: 'apiextensions.k8s.io/v1/CustomResourceDefinition helmreleases.helm.fluxcd.io', path: 'metadata.name', observed: 'helmreleases.helm.fluxcd.io', expected: 'absent (Flux v2 uses helmreleases.helm.toolkit.fluxcd.io)' }],
        commands: ['kubectl get helmreleases.helm.fluxcd.io --all-namespaces', 'kubectl delete crd helmreleases.helm.fluxcd.io   # after migrating its releases to Flux v2 HelmReleases'],
      },
    ]);
    expect(runOne(FLUX007, snap([crd])).message).toBe('Flux v1 CRD helmreleases.helm.fluxcd.io is installed');
  });
});
