// Snapshots that differ from the healthy base the way real clusters do: HA and rollouts in progress, kubectl JSON
import type { ClusterFixAction, FixAction } from '../../../src/checks/define.js';
const clusterFixes = (r: { fixes?: FixAction[] }) => r.fixes as ClusterFixAction[] | undefined;
// lists, other products' webhooks and policies, Gatekeeper's scoped enforcement, AKS Automatic's managed policies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../../src/checks/flux/index.js';
import FLUX001 from '../../../src/checks/flux/FLUX001-controllers.js';
import FLUX002 from '../../../src/checks/flux/FLUX002-dry-run-webhooks.js';
import FLUX003 from '../../../src/checks/flux/FLUX003-admission-policies.js';
import FLUX005 from '../../../src/checks/flux/FLUX005-kubelet-identity.js';
import { runOne, type AzureResource, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap, without, yaml } from './fixtures.js';

const VARIATIONS = join(__dirname, '../../fixtures/flux/variations');
const FILES = ['source-controller-ha-rolling-update.json', 'other-webhooks.yaml', 'gatekeeper-scoped-constraint.yaml', 'kustomization-two-dry-run-failures.yaml'] as const;
const byFile = Object.fromEntries(FILES.map((f) => [f, yaml(readFileSync(join(VARIATIONS, f), 'utf8'))])) as Record<(typeof FILES)[number], KubeObject[]>;

/** The healthy base with source-controller replaced by the HA deployment mid-rollout (kubectl -o json List). */
function haRollout(): KubeObject[] {
  const base = without(healthy(), 'Deployment', 'source-controller').filter((o) => !(o.kind === 'Pod' && o.metadata.name.startsWith('source-controller-')));
  return [...base, ...structuredClone(byFile['source-controller-ha-rolling-update.json'])];
}

function newPod(objs: KubeObject[]): KubeObject {
  return objs.find((o) => o.kind === 'Pod' && o.metadata.name === 'source-controller-7d9c8b5f4d-r8n2w')!;
}

describe('real-world variations: no false alarm on healthy clusters', () => {
  it('FLUX001 passes on an HA source-controller mid-rollout with an Evicted pod left behind (kubectl -o json)', () => {
    const r = runOne(FLUX001, snap(haRollout()));
    expect(r.status, r.message).toBe('pass');
  });

  it('every flux check passes beside cert-manager, Kyverno, Istio webhooks and a CONNECT-only legacy webhook', () => {
    const objs = [...healthy(), ...structuredClone(byFile['other-webhooks.yaml'])];
    for (const check of checks) {
      const r = runOne(check, snap(objs));
      expect(['pass', 'skip'], `${check.id}: ${r.message}`).toContain(r.status);
    }
  });

  it('FLUX003 passes when a Kustomization in another namespace quotes a Gatekeeper denial of a user object', () => {
    const r = runOne(FLUX003, snap([...healthy(), ...structuredClone(byFile['kustomization-two-dry-run-failures.yaml'])]));
    expect(r.status, r.message).toBe('pass');
  });

  it('FLUX003 passes when the scoped constraint only warns at admission', () => {
    const [c] = structuredClone(byFile['gatekeeper-scoped-constraint.yaml']);
    c.spec.scopedEnforcementActions = [{ action: 'warn', enforcementPoints: [{ name: 'validation.gatekeeper.sh' }] }, { action: 'deny', enforcementPoints: [{ name: 'gator.gatekeeper.sh' }] }];
    expect(runOne(FLUX003, snap([...healthy(), c])).status).toBe('pass');
  });

  it('FLUX003 passes when the Flux controllers (not the agents) log denials of the user objects they apply', () => {
    const logs: ContainerLog[] = [{ namespace: 'flux-system', pod: find(healthy(), 'Pod', 'kustomize-controller').metadata.name, container: 'manager', previous: false, text: '{"level":"error","msg":"Reconciliation failed","error":"Deployment/tools/debug-shell dry-run failed, reason: Forbidden, error: admission webhook \\"validation.gatekeeper.sh\\" denied the request: [psp-privileged] Privileged container is not allowed"}\n' }];
    expect(runOne(FLUX003, snap(healthy(), { logs })).status).toBe('pass');
  });

  it('FLUX005 passes for an ACR OCIRepository that uses its own workload identity (serviceAccountName)', () => {
    const r = runOne(FLUX005, snap([...healthy(), ...acrSource({ serviceAccountName: 'acr-puller' })], { azure: aks() }));
    expect(r.status, r.message).toBe('pass');
  });

  it('FLUX005 passes for an Azure Blob Bucket with provider azure (not a registry)', () => {
    const bucket = yaml(`apiVersion: source.toolkit.fluxcd.io/v1
kind: Bucket
metadata: {name: manifests, namespace: flux-system}
spec: {bucketName: manifests, endpoint: https://contosoflux.blob.core.windows.net, interval: 5m0s, provider: azure}`);
    expect(runOne(FLUX005, snap([...healthy(), ...bucket], { azure: aks() })).status).toBe('pass');
  });
});

describe('real-world variations: failures caught with a precise message', () => {
  it('FLUX001 fails when the new pod of a still-available deployment crash-loops (stuck upgrade)', () => {
    const objs = haRollout();
    newPod(objs).status.containerStatuses = [{ name: 'manager', image: 'ghcr.io/fluxcd/source-controller:v1.7.4', ready: false, restartCount: 6, started: false, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=manager' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }];
    const r = runOne(FLUX001, snap(objs));
    expect(r.status, r.message).toBe('fail');
    expect(r.message).toContain('deployment source-controller: still available from its other replicas, but pod source-controller-7d9c8b5f4d-r8n2w container manager: CrashLoopBackOff (6 restarts');
  });

  it('FLUX002 reports the webhook that does not support dry run among several failures, with one fix', () => {
    const r = runOne(FLUX002, snap([...healthy(), ...structuredClone(byFile['kustomization-two-dry-run-failures.yaml'])]));
    expect(r.status, r.message).toBe('fail');
    expect(r.message).toContain('Kustomization cluster-config/cluster-config-infra fails its dry run on webhook "couchbase-operator-couchbase-admission-controller.couchbase.svc"');
    expect(r.message).not.toContain('validation.gatekeeper.sh');
    // One webhook fix, then one reconcile request (the Kustomization; its FluxConfig mirrors it).
    expect(clusterFixes(r)?.map((f) => `${f.target.kind} ${f.target.name}`)).toEqual(['ValidatingWebhookConfiguration couchbase-operator-couchbase-admission-controller', 'Kustomization cluster-config-infra']);
    expect(r.remediation?.commands).toEqual([
      `kubectl patch validatingwebhookconfiguration couchbase-operator-couchbase-admission-controller --type=json -p '[{"op":"replace","path":"/webhooks/0/sideEffects","value":"NoneOnDryRun"}]'`,
      'flux reconcile kustomization cluster-config-infra -n cluster-config --with-source',
      'kubectl annotate fluxconfig cluster-config -n cluster-config reconcile.fluxcd.io/requestedAt="$(date -u +%Y-%m-%dT%H:%M:%SZ)" --overwrite',
    ]);
  });

  it('FLUX003 fails on a scoped Gatekeeper constraint that denies at the webhook and flagged the agent', () => {
    const r = runOne(FLUX003, snap([...healthy(), ...structuredClone(byFile['gatekeeper-scoped-constraint.yaml'])]));
    expect(r.status, r.message).toBe('fail');
    expect(r.message).toContain('K8sAllowedRepos repo-is-company-acr (enforcementAction deny) blocks flux-system: denied Pod flux-system/fluxconfig-agent-5b7c9d8f6-q2w4e');
    expect(r.remediation?.commands[0]).toBe(`kubectl patch k8sallowedrepos repo-is-company-acr --type=json -p '[{"op":"add","path":"/spec/match/excludedNamespaces/-","value":"flux-system"}]'`);
  });

  it('FLUX003 fails when an AKS-managed ValidatingAdmissionPolicy refuses fluxconfig-controller its ConfigMap (Azure/AKS #5645)', () => {
    const objs = healthy();
    const pod = find(objs, 'Pod', 'fluxconfig-controller');
    const line = 'E1126 11:58:02.118 1 controller.go:211] failed to create configmap: configmaps "fluxconfig-controller-leader" is forbidden: ValidatingAdmissionPolicy \'aks-managed-protect-system-namespaces\' with binding \'aks-managed-protect-system-namespaces-binding\' denied request: Modification of resources in managed system namespaces is not allowed';
    const logs: ContainerLog[] = [{ namespace: 'flux-system', pod: pod.metadata.name, container: 'fluxconfig-controller', previous: true, text: `I1126 11:58:01.900 1 main.go:88] starting fluxconfig-controller\n${line}\n` }];
    const r = runOne(FLUX003, snap(objs, { logs }));
    expect(r.status, r.message).toBe('fail');
    expect(r.message).toContain('ValidatingAdmissionPolicy aks-managed-protect-system-namespaces denied configmaps flux-system/fluxconfig-controller-leader (written by fluxconfig-controller) (an AKS-managed policy');
    expect(r.findings?.[0].object).toMatchObject({ kind: 'Deployment', name: 'fluxconfig-controller' });
    expect(r.remediation?.commands).toContain('kubectl get validatingadmissionpolicybinding aks-managed-protect-system-namespaces-binding -o yaml');
  });
});

function acrSource(spec: Record<string, unknown>): KubeObject[] {
  return [{ apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', metadata: { name: 'podinfo', namespace: 'flux-system' }, spec: { interval: '5m', url: 'oci://contoso.azurecr.io/manifests/podinfo', provider: 'azure', ref: { tag: 'latest' }, ...spec }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: "stored artifact for digest 'latest@sha256:3b1c'" }] } }];
}

function aks(): AzureResource[] {
  return [
    { type: 'Microsoft.ContainerService/managedClusters', id: '/subscriptions/0000/resourceGroups/rg-flux/providers/Microsoft.ContainerService/managedClusters/aks-flux', name: 'aks-flux', identityProfile: { kubeletidentity: { clientId: '11111111-2222-3333-4444-555555555555', resourceId: '/subscriptions/0000/resourceGroups/MC_rg-flux/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-flux-agentpool' } } },
    { type: 'Microsoft.KubernetesConfiguration/extensions', id: '/subscriptions/0000/resourceGroups/rg-flux/providers/Microsoft.ContainerService/managedClusters/aks-flux/providers/Microsoft.KubernetesConfiguration/extensions/flux', name: 'flux', extensionType: 'microsoft.flux', version: '1.7.3', scope: { cluster: { releaseNamespace: 'flux-system' } }, configurationSettings: {} },
  ];
}
