import { describe, expect, it } from 'vitest';
import { checks } from '../../../src/checks/flux/index.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { healthy, snap } from './fixtures.js';

// Shapes a hand-made or truncated snapshot may hold: fields absent, null, or of the wrong type.
const odd: KubeObject[] = [
  { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sAzureV3ContainerLimits', metadata: { name: 'empty' }, spec: null },
  { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sAzureContainerLimits', metadata: { name: 'odd' }, spec: { match: { excludedNamespaces: 'flux-system', kinds: 'Pod' }, parameters: { cpuLimit: 7, memoryLimit: null } }, status: { violations: 'none' } },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'no-webhooks' }, webhooks: null },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'junk' }, webhooks: [null, 'x', { name: 'ok.example.com', sideEffects: 'None' }] },
  { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'flux-system' }, message: 'admission webhook "x.y" denied the request' },
  { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e2', namespace: 'flux-system' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'flux-system' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'image-reflector-controller', namespace: 'flux-system' } },
  { apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2', kind: 'Kustomization', metadata: { name: 'k', namespace: 'flux-system' }, status: { conditions: { type: 'Ready' } } },
  { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k2', namespace: 'flux-system' }, status: { conditions: [null, { type: 'Ready', status: 'False', message: 42 }] } },
  { apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', metadata: { name: 'fc', namespace: 'x' }, status: 'broken' },
  { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: 'r', namespace: 'flux-system' }, results: 'none' },
  { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { validationFailureAction: 'Enforce', rules: 'x' } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'nmi', namespace: 'kube-system' } },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', metadata: { name: 'o', namespace: 'flux-system' }, spec: { url: 42, provider: null } },
];

describe('flux checks on odd input', () => {
  for (const check of checks) {
    it(`${check.id} never crashes on absent or mistyped fields`, () => {
      const r = runOne(check, snap([...healthy(), ...odd], { azure: [{ type: 'Microsoft.ContainerService/ManagedClusters', identityProfile: null }, { type: 'Microsoft.KubernetesConfiguration/fluxConfigurations', statuses: [null, { statusConditions: 'x' }] }] }));
      expect(r.status, r.message).not.toBe('error');
    });
  }
});
