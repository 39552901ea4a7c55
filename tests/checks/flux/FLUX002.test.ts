import { join } from 'node:path';
import type { ClusterFixAction, FixAction } from '../../../src/checks/define.js';
const clusterFixes = (r: { fixes?: FixAction[] }) => r.fixes as ClusterFixAction[] | undefined;
import { describe, expect, it } from 'vitest';
import FLUX002 from '../../../src/checks/flux/FLUX002-dry-run-webhooks.js';
import { parseDryRunFailure } from '../../../src/checks/flux/webhooks.js';
import { fixtureObjects, runOne, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap, yaml } from './fixtures.js';

const GATEKEEPER_WEBHOOKS = fixtureObjects(join(__dirname, '../../fixtures/flux/webhooks'));

// Verbatim messages from ../shared/upstream/samples/flux/.
const FLUX2_4073 = 'Kustomization reconciliation failed: CouchbaseBucket/couchbase/blocker dry-run failed, reason: BadRequest, error: admission webhook "couchbase-operator-couchbase-admission-controller.couchbase.svc" does not support dry run';
const PORTAL_88988 = 'dry-run failed, reason: BadRequest, error: admission webhook \\"aks-webhook-admission-controller.azmk8s.io\\" does not support dry';
const SERVICE_CATALOG_2905 = 'ClusterServiceBroker/95-osb-client-tests/service-broker dry-run failed, reason: BadRequest, error: admission webhook "mutating.clusterservicebrokers.servicecatalog.k8s.io" does not support dry run';
const FORBIDDEN_531 = 'Pod/monitoring/kube-prometheus-grafana-test dry-run failed, reason: Forbidden, error: pods "kube-prometheus-grafana-test" is forbidden: error looking up service account monitoring/kube-prometheus-grafana-test: serviceaccount "kube-prometheus-grafana-test" not found';
const INVALID_2768 = 'HelmRelease/mimir/mimir dry-run failed (Invalid): spec.upgrade.remediation.strategy: Unsupported value: "retry": supported values: "rollback", "uninstall"';

function failingKustomization(objs: KubeObject[], message: string): KubeObject[] {
  const ks = find(objs, 'Kustomization', 'flux-system');
  ks.status.conditions = [{ type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message, observedGeneration: 1, lastTransitionTime: '2026-11-26T11:00:00Z' }];
  return objs;
}

const couchbaseWebhook = yaml(`
apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingWebhookConfiguration
metadata:
  name: couchbase-operator-couchbase-admission-controller
webhooks:
- name: some-other.couchbase.svc
  sideEffects: None
  clientConfig: { service: { name: couchbase-operator-admission, namespace: couchbase } }
- name: couchbase-operator-couchbase-admission-controller.couchbase.svc
  clientConfig: { service: { name: couchbase-operator-admission, namespace: couchbase, path: /couchbaseclusters/validate } }
  rules:
  - { apiGroups: [couchbase.com], apiVersions: [v2], operations: [CREATE, UPDATE], resources: ['*'] }
  failurePolicy: Fail
`);

const serviceCatalogWebhook = yaml(`
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: catalog-webhook
webhooks:
- name: mutating.clusterservicebrokers.servicecatalog.k8s.io
  sideEffects: Unknown
  admissionReviewVersions: [v1beta1]
  clientConfig: { service: { name: catalog-catalog-webhook, namespace: catalog } }
`);

const fluxConfig = (message: string) =>
  yaml(`
apiVersion: clusterconfig.azure.com/v1beta1
kind: FluxConfig
metadata:
  name: cluster-config
  namespace: cluster-config
spec:
  sourceKind: GitRepository
status:
  complianceState: Non-Compliant
  statuses:
  - kind: Kustomization
    name: cluster-config-infra
    namespace: cluster-config
    complianceState: Non-Compliant
    statusConditions:
    - type: Ready
      status: "False"
      reason: ReconciliationFailed
      message: '${message.replace(/'/g, "''")}'
`);

describe('FLUX002 admission webhooks support dry run', () => {
  const valid: Array<[string, () => KubeObject[]]> = [
    ['passes with Gatekeeper installed (its webhooks declare sideEffects None)', () => [...healthy(), ...GATEKEEPER_WEBHOOKS]],
    ['passes when a Kustomization fails its dry run for a missing ServiceAccount (Forbidden is not a webhook problem)', () => failingKustomization(healthy(), FORBIDDEN_531)],
    ['passes when a Kustomization fails its dry run on an Invalid object', () => failingKustomization(healthy(), INVALID_2768)],
    ['passes when a Gatekeeper denial fails the dry run (denied, not "does not support dry run")', () => failingKustomization([...healthy(), ...GATEKEEPER_WEBHOOKS], 'Deployment/app/web dry-run failed, reason: Forbidden, error: admission webhook "validation.gatekeeper.sh" denied the request: [no-latest] latest tag')],
  ];
  for (const [name, objects] of valid) {
    it(name, () => {
      const r = runOne(FLUX002, snap(objects()));
      expect(r.status, r.message).toBe('pass');
    });
  }

  it('fails naming the Kustomization, the configuration, the index and the absent sideEffects of a v1beta1 webhook', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), FLUX2_4073), ...couchbaseWebhook]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('Kustomization flux-system/flux-system fails its dry run on webhook "couchbase-operator-couchbase-admission-controller.couchbase.svc"');
    expect(r.message).toContain('ValidatingWebhookConfiguration couchbase-operator-couchbase-admission-controller webhooks[1] (sideEffects absent, defaults to Unknown)');
    expect(r.remediation?.commands).toEqual([
      `kubectl patch validatingwebhookconfiguration couchbase-operator-couchbase-admission-controller --type=json -p '[{"op":"add","path":"/webhooks/1/sideEffects","value":"NoneOnDryRun"}]'`,
      'flux reconcile kustomization flux-system -n flux-system --with-source',
    ]);
    expect(r.fixes?.[0]).toMatchObject({ patchType: 'json', target: { kind: 'ValidatingWebhookConfiguration', name: 'couchbase-operator-couchbase-admission-controller' } });
    expect(r.fixes?.[0].warning).toContain('truly has no side effects');
  });

  it('fixes the webhook first, then requests a reconcile of the Kustomization (exact patches)', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), FLUX2_4073), ...couchbaseWebhook]));
    expect(clusterFixes(r)?.map((f) => [f.patchType, f.target, f.patch])).toEqual([
      ['json', { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: 'couchbase-operator-couchbase-admission-controller' }, [{ op: 'add', path: '/webhooks/1/sideEffects', value: 'NoneOnDryRun' }]],
      ['merge', { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' }, { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': '2026-11-26T12:00:00.000Z' } } }],
    ]);
    expect(r.fixes?.[1].notUndoable).toContain('cannot be undone');
  });

  it('warns, waiting for a reconcile, once the webhook it failed on declares NoneOnDryRun', () => {
    const fixed = couchbaseWebhook.map((c) => {
      const copy = structuredClone(c);
      copy.webhooks[1].sideEffects = 'NoneOnDryRun';
      return copy;
    });
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), FLUX2_4073), ...fixed]));
    expect(r.status).toBe('warn');
    expect(r.message).toBe(
      'Kustomization flux-system/flux-system: webhook fixed (ValidatingWebhookConfiguration couchbase-operator-couchbase-admission-controller webhooks[1] (sideEffects NoneOnDryRun)); the Kustomization\'s failure predates it — waiting for a reconcile',
    );
    expect(clusterFixes(r)?.map((f) => f.target.kind)).toEqual(['Kustomization']);
  });

  it('fails with a mutatingwebhookconfiguration patch for a mutating webhook', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), SERVICE_CATALOG_2905), ...serviceCatalogWebhook]));
    expect(r.status).toBe('fail');
    expect(r.remediation?.commands[0]).toBe(`kubectl patch mutatingwebhookconfiguration catalog-webhook --type=json -p '[{"op":"replace","path":"/webhooks/0/sideEffects","value":"NoneOnDryRun"}]'`);
  });

  it('fails on a FluxConfig status carrying the portal form (escaped quotes, cut after "dry") even when no configuration holds the webhook', () => {
    const r = runOne(FLUX002, snap([...healthy(), ...fluxConfig(PORTAL_88988)]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('FluxConfig cluster-config/cluster-config fails its dry run on webhook "aks-webhook-admission-controller.azmk8s.io", which no Validating/MutatingWebhookConfiguration in the snapshot holds');
    expect(r.evidence[0].path).toBe('status.statuses[0].statusConditions[0].message');
  });

  it('fails on a message cut inside the webhook name by matching the names that start with it', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), 'Kustomization reconciliation failed: CouchbaseBucket/couchbase/blocker dry-run failed, reason: BadRequest, error: admission webhook "couchbase-operator-couchbase-adm'), ...couchbaseWebhook]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('a webhook whose name starts with "couchbase-operator-couchbase-adm" (the message was cut)');
    expect(r.message).toContain('webhooks[1]');
  });

  it('warns, alone, about a webhook whose sideEffects is Some', () => {
    const objs = [...healthy(), ...serviceCatalogWebhook];
    objs[objs.length - 1].webhooks[0].sideEffects = 'Some';
    const r = runOne(FLUX002, snap(objs));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('MutatingWebhookConfiguration catalog-webhook webhook "mutating.clusterservicebrokers.servicecatalog.k8s.io" (webhooks[0]) has sideEffects Some');
    expect(r.findings?.[0].object).toMatchObject({ kind: 'MutatingWebhookConfiguration', name: 'catalog-webhook' });
  });

  it('does not warn about a v1 webhook without sideEffects (the API never admits one)', () => {
    const objs = [...healthy(), ...serviceCatalogWebhook];
    delete objs[objs.length - 1].webhooks[0].sideEffects;
    expect(runOne(FLUX002, snap(objs)).status).toBe('pass');
  });

  it('reports one finding per Kustomization when Ready and another condition quote the same failure', () => {
    const objs = failingKustomization(healthy(), FLUX2_4073);
    find(objs, 'Kustomization', 'flux-system').status.conditions.push({ type: 'Healthy', status: 'False', message: FLUX2_4073 });
    const r = runOne(FLUX002, snap([...objs, ...couchbaseWebhook]));
    expect(r.findings).toHaveLength(1);
  });
});

describe('parseDryRunFailure', () => {
  it.each([
    [FLUX2_4073, 'couchbase-operator-couchbase-admission-controller.couchbase.svc'],
    [PORTAL_88988, 'aks-webhook-admission-controller.azmk8s.io'],
    [SERVICE_CATALOG_2905, 'mutating.clusterservicebrokers.servicecatalog.k8s.io'],
    ['dry-run failed, error: admission webhook "x.example.com" does not support dry run', 'x.example.com'],
  ])('finds the webhook in %s', (message, webhook) => {
    expect(parseDryRunFailure(message)?.webhook).toBe(webhook);
  });

  it.each([FORBIDDEN_531, INVALID_2768, 'admission webhook "validation.gatekeeper.sh" denied the request: [x] y', 'Applied revision: main@sha1:abc'])('ignores %s', (message) => {
    expect(parseDryRunFailure(message)).toBeUndefined();
  });
});
