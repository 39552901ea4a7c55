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
    const objs = [...healthy(), ...structuredClone(serviceCatalogWebhook)];
    objs[objs.length - 1].webhooks[0].sideEffects = 'Some';
    const r = runOne(FLUX002, snap(objs));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('MutatingWebhookConfiguration catalog-webhook webhook "mutating.clusterservicebrokers.servicecatalog.k8s.io" (webhooks[0]) has sideEffects Some');
    expect(r.findings?.[0].object).toMatchObject({ kind: 'MutatingWebhookConfiguration', name: 'catalog-webhook' });
  });

  it('does not warn about a v1 webhook without sideEffects (the API never admits one)', () => {
    // A copy: the shared object stays as upstream wrote it for the other cases.
    const objs = [...healthy(), ...structuredClone(serviceCatalogWebhook)];
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

describe('FLUX002 exact outcomes', () => {
  const WARNING = 'Only declare NoneOnDryRun if the webhook truly has no side effects on dry-run requests (it writes nothing outside the admission response); otherwise fix or upgrade the webhook itself.';
  const REMEDIATION_TEXT = `Set sideEffects to NoneOnDryRun (or None) on the webhook the dry run hits. ${WARNING}`;
  const KS_REF = 'kustomize.toolkit.fluxcd.io/v1/Kustomization flux-system/flux-system';
  const KS_OBJECT = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' };
  const KS_PATH = 'status.conditions[0] (Ready=False).message';
  const COUCHBASE = 'couchbase-operator-couchbase-admission-controller';
  const COUCHBASE_HOOK = `${COUCHBASE}.couchbase.svc`;
  const couchbaseEvidence = (observed = '(absent: Unknown)') => ({ ref: `admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration ${COUCHBASE}`, path: 'webhooks[1].sideEffects', observed, expected: 'None or NoneOnDryRun' });
  const couchbaseFix = {
    title: `set sideEffects=NoneOnDryRun on ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (${COUCHBASE_HOOK})`,
    warning: WARNING,
    target: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: COUCHBASE },
    patchType: 'json',
    patch: [{ op: 'add', path: '/webhooks/1/sideEffects', value: 'NoneOnDryRun' }],
  };
  const ksReconcile = {
    title: 'Request a reconcile of Kustomization flux-system/flux-system so it retries its dry run',
    target: KS_OBJECT,
    patchType: 'merge',
    patch: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': '2026-11-26T12:00:00.000Z' } } },
    notUndoable: 'a reconcile request cannot be undone (Flux has acted on it); --undo leaves it',
    waitFor: 'Flux to reconcile Kustomization flux-system/flux-system (status.lastHandledReconcileAt = the request; flux get kustomizations, or fix --wait)',
  };
  const couchbasePatch = `kubectl patch validatingwebhookconfiguration ${COUCHBASE} --type=json -p '[{"op":"add","path":"/webhooks/1/sideEffects","value":"NoneOnDryRun"}]'`;
  const KS_RECONCILE = 'flux reconcile kustomization flux-system -n flux-system --with-source';
  const couchbaseFailure = {
    status: 'fail',
    object: KS_OBJECT,
    message: `Kustomization flux-system/flux-system fails its dry run on webhook "${COUCHBASE_HOOK}": ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects absent, defaults to Unknown)`,
    evidence: [{ ref: KS_REF, path: KS_PATH, observed: FLUX2_4073, expected: 'no dry-run failure' }, couchbaseEvidence()],
    commands: [couchbasePatch, KS_RECONCILE],
    fixes: [couchbaseFix, ksReconcile],
  };
  const outcome = (r: ReturnType<typeof runOne>) => ({ status: r.status, message: r.message, text: r.remediation?.text, findings: r.findings, fixes: r.fixes });

  it('passes counting the admission webhooks, or saying there are none', () => {
    expect(outcome(runOne(FLUX002, snap([...healthy(), ...GATEKEEPER_WEBHOOKS])))).toEqual({ status: 'pass', message: 'no dry-run failures; all 3 admission webhooks declare sideEffects None or NoneOnDryRun', text: undefined, findings: undefined, fixes: undefined });
    expect(outcome(runOne(FLUX002, snap(healthy())))).toEqual({ status: 'pass', message: 'no dry-run failures and no admission webhooks', text: undefined, findings: undefined, fixes: undefined });
  });

  it('fails on a v1beta1 webhook without sideEffects: whole outcome, webhook fix then reconcile', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), FLUX2_4073), ...couchbaseWebhook]));
    expect(outcome(r)).toEqual({ status: 'fail', message: couchbaseFailure.message, text: REMEDIATION_TEXT, findings: [couchbaseFailure], fixes: [couchbaseFix, ksReconcile] });
  });

  it('one finding per object and webhook when Ready and Stalled both quote it (the Healthy condition True is not read)', () => {
    const objs = failingKustomization(healthy(), FLUX2_4073);
    const ks = find(objs, 'Kustomization', 'flux-system');
    ks.status.conditions.push({ type: 'Stalled', status: 'True', message: FLUX2_4073 }, { type: 'Healthy', status: 'Unknown', message: FLUX2_4073 });
    const r = runOne(FLUX002, snap([...objs, ...couchbaseWebhook]));
    expect(r.findings).toEqual([couchbaseFailure]);
  });

  it('warns, waiting for a reconcile, once the webhook declares NoneOnDryRun: whole outcome', () => {
    const fixed = structuredClone(couchbaseWebhook);
    fixed[0].webhooks[1].sideEffects = 'NoneOnDryRun';
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), FLUX2_4073), ...fixed]));
    const finding = {
      status: 'warn',
      object: KS_OBJECT,
      message: `Kustomization flux-system/flux-system: webhook fixed (ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects NoneOnDryRun)); the Kustomization's failure predates it — waiting for a reconcile`,
      evidence: [{ ref: KS_REF, path: KS_PATH, observed: FLUX2_4073, expected: 'a reconcile since the webhook was fixed' }, couchbaseEvidence('NoneOnDryRun')],
      commands: [KS_RECONCILE],
      fixes: [ksReconcile],
    };
    expect(outcome(r)).toEqual({ status: 'warn', message: finding.message, text: REMEDIATION_TEXT, findings: [finding], fixes: [ksReconcile] });
  });

  it('a mutating webhook declaring Unknown takes a replace patch on mutatingwebhookconfiguration', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), SERVICE_CATALOG_2905), ...serviceCatalogWebhook]));
    const hook = 'mutating.clusterservicebrokers.servicecatalog.k8s.io';
    expect(r.findings).toEqual([
      {
        status: 'fail',
        object: KS_OBJECT,
        message: `Kustomization flux-system/flux-system fails its dry run on webhook "${hook}": MutatingWebhookConfiguration catalog-webhook webhooks[0] (sideEffects Unknown)`,
        evidence: [
          { ref: KS_REF, path: KS_PATH, observed: SERVICE_CATALOG_2905, expected: 'no dry-run failure' },
          { ref: 'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration catalog-webhook', path: 'webhooks[0].sideEffects', observed: 'Unknown', expected: 'None or NoneOnDryRun' },
        ],
        commands: [`kubectl patch mutatingwebhookconfiguration catalog-webhook --type=json -p '[{"op":"replace","path":"/webhooks/0/sideEffects","value":"NoneOnDryRun"}]'`, KS_RECONCILE],
        fixes: [
          {
            title: `set sideEffects=NoneOnDryRun on MutatingWebhookConfiguration catalog-webhook webhooks[0] (${hook})`,
            warning: WARNING,
            target: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'catalog-webhook' },
            patchType: 'json',
            patch: [{ op: 'replace', path: '/webhooks/0/sideEffects', value: 'NoneOnDryRun' }],
          },
          ksReconcile,
        ],
      },
    ]);
  });

  it('a FluxConfig quoting a webhook no configuration holds: the kubectl listing, no fix', () => {
    const r = runOne(FLUX002, snap([...healthy(), ...fluxConfig(PORTAL_88988)]));
    expect(outcome(r)).toEqual({
      status: 'fail',
      message: 'FluxConfig cluster-config/cluster-config fails its dry run on webhook "aks-webhook-admission-controller.azmk8s.io", which no Validating/MutatingWebhookConfiguration in the snapshot holds',
      text: REMEDIATION_TEXT,
      findings: [
        {
          status: 'fail',
          object: { apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', namespace: 'cluster-config', name: 'cluster-config' },
          message: 'FluxConfig cluster-config/cluster-config fails its dry run on webhook "aks-webhook-admission-controller.azmk8s.io", which no Validating/MutatingWebhookConfiguration in the snapshot holds',
          evidence: [{ ref: 'clusterconfig.azure.com/v1beta1/FluxConfig cluster-config/cluster-config', path: 'status.statuses[0].statusConditions[0].message', observed: PORTAL_88988, expected: 'no dry-run failure' }],
          commands: ['kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name,SIDEEFFECTS:.webhooks[*].sideEffects'],
        },
      ],
      fixes: [],
    });
  });

  it('a FluxConfig alone: the webhook fix, then a reconcile annotation on the FluxConfig itself', () => {
    const r = runOne(FLUX002, snap([...healthy(), ...fluxConfig(FLUX2_4073), ...couchbaseWebhook]));
    const fcReconcile = {
      title: 'Request a reconcile of FluxConfig cluster-config/cluster-config so it retries its dry run',
      target: { apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', namespace: 'cluster-config', name: 'cluster-config' },
      patchType: 'merge',
      patch: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': '2026-11-26T12:00:00.000Z' } } },
      notUndoable: 'a reconcile request cannot be undone (Flux has acted on it); --undo leaves it',
      waitFor: 'Flux to reconcile FluxConfig cluster-config/cluster-config (status.lastHandledReconcileAt = the request; flux get kustomizations, or fix --wait)',
    };
    expect(r.findings?.map((f) => [f.commands, f.fixes])).toEqual([
      [[couchbasePatch, 'kubectl annotate fluxconfig cluster-config -n cluster-config reconcile.fluxcd.io/requestedAt="$(date -u +%Y-%m-%dT%H:%M:%SZ)" --overwrite'], [couchbaseFix, fcReconcile]],
    ]);
  });

  it('a Kustomization and its FluxConfig quoting one failure: one webhook fix, one Kustomization reconcile', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), FLUX2_4073), ...fluxConfig(FLUX2_4073), ...couchbaseWebhook]));
    expect(r.findings?.map((f) => [f.message, f.commands?.length, f.fixes])).toEqual([
      [couchbaseFailure.message, 2, [couchbaseFix, ksReconcile]],
      [`FluxConfig cluster-config/cluster-config fails its dry run on webhook "${COUCHBASE_HOOK}": ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects absent, defaults to Unknown)`, 2, []],
    ]);
    expect(r.fixes).toEqual([couchbaseFix, ksReconcile]);
  });

  it("Azure's status of the Kustomization is the same object: one finding; a status naming no object uses the az command", () => {
    const azure = (statuses: unknown[]) => [{ type: 'Microsoft.KubernetesConfiguration/fluxConfigurations', name: 'cluster-config', statuses }];
    const same = runOne(FLUX002, snap([...failingKustomization(healthy(), FLUX2_4073), ...couchbaseWebhook], { azure: azure([{ kind: 'Kustomization', name: 'flux-system', namespace: 'flux-system', statusConditions: [{ message: FLUX2_4073 }] }]) }));
    expect(same.findings).toEqual([couchbaseFailure]);

    const anonymous = runOne(FLUX002, snap([...healthy(), ...couchbaseWebhook], { azure: azure([{ statusConditions: [{ message: 'x' }, { message: FLUX2_4073 }] }]) }));
    expect(anonymous.findings).toEqual([
      {
        ...couchbaseFailure,
        object: undefined,
        message: `fluxConfiguration cluster-config fails its dry run on webhook "${COUCHBASE_HOOK}": ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects absent, defaults to Unknown)`,
        evidence: [{ ref: 'fluxConfiguration cluster-config', path: 'statuses[0].statusConditions[1].message', observed: FLUX2_4073, expected: 'no dry-run failure' }, couchbaseEvidence()],
        commands: [couchbasePatch, 'az k8s-configuration flux update … (or wait for the next reconcile)'],
        fixes: [couchbaseFix],
      },
    ]);

    const other = runOne(FLUX002, snap([...healthy(), ...couchbaseWebhook], { azure: azure([{ kind: 'Kustomization', name: 'apps', statusConditions: [{ message: FLUX2_4073 }] }]) }));
    expect(other.findings?.map((f) => [f.message, f.commands?.[1], f.fixes])).toEqual([
      [`Kustomization apps fails its dry run on webhook "${COUCHBASE_HOOK}": ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects absent, defaults to Unknown)`, 'flux reconcile kustomization apps -n flux-system --with-source', [couchbaseFix]],
    ]);

    const helm = runOne(FLUX002, snap([...healthy(), ...couchbaseWebhook], { azure: azure([{ kind: 'HelmRelease', name: 'web', namespace: 'apps', statusConditions: [{ message: FLUX2_4073 }] }, { kind: 'GitRepository', name: 'src', statusConditions: [{ message: FLUX2_4073 }] }]) }));
    expect(helm.findings?.map((f) => f.commands?.[1] ?? f.commands?.[0])).toEqual([
      'kubectl annotate helmrelease web -n apps reconcile.fluxcd.io/requestedAt="$(date -u +%Y-%m-%dT%H:%M:%SZ)" --overwrite',
      'kubectl annotate gitrepository src reconcile.fluxcd.io/requestedAt="$(date -u +%Y-%m-%dT%H:%M:%SZ)" --overwrite',
    ]);
  });

  it('two webhooks failing one Kustomization: a finding and a fix each, one reconcile after both', () => {
    const second = yaml(`
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: second
webhooks:
- name: second.example.com
  sideEffects: Some
`);
    const message = `${FLUX2_4073}\nDeployment/app/web dry-run failed, reason: BadRequest, error: admission webhook "second.example.com" does not support dry run`;
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), message), ...couchbaseWebhook, ...second]));
    const secondFix = {
      title: 'set sideEffects=NoneOnDryRun on ValidatingWebhookConfiguration second webhooks[0] (second.example.com)',
      warning: WARNING,
      target: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: 'second' },
      patchType: 'json',
      patch: [{ op: 'replace', path: '/webhooks/0/sideEffects', value: 'NoneOnDryRun' }],
    };
    expect(r.findings?.map((f) => f.fixes)).toEqual([[couchbaseFix, ksReconcile], [secondFix]]);
    expect(r.message).toBe(`2 problems: ${couchbaseFailure.message}; and 1 more`);
  });

  it('a message cut after fewer than 3 characters of the name matches no webhook', () => {
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), 'CouchbaseBucket/couchbase/blocker dry-run failed, reason: BadRequest, error: admission webhook "co'), ...couchbaseWebhook]));
    expect(r.findings?.map((f) => [f.status, f.message])).toEqual([
      ['fail', 'Kustomization flux-system/flux-system fails its dry run on a webhook whose name starts with "co" (the message was cut), which no Validating/MutatingWebhookConfiguration in the snapshot holds'],
      // Not matched by the cut name, so the unsafe webhook is still reported on its own.
      ['warn', `ValidatingWebhookConfiguration ${COUCHBASE} webhook "${COUCHBASE_HOOK}" (webhooks[1]) has sideEffects absent (Unknown): Flux's dry run will fail on objects it intercepts`],
    ]);
  });

  it('a webhook with sideEffects Some or absent (v1beta1) warns alone: exact finding; one on DELETE only does not', () => {
    const some = yaml(`
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: catalog-webhook
webhooks:
- name: deletes.example.com
  sideEffects: Some
  rules:
  - { operations: [DELETE], apiGroups: [''], apiVersions: [v1], resources: [pods] }
- name: mutating.example.com
  sideEffects: Some
`);
    const r = runOne(FLUX002, snap([...healthy(), ...some, ...couchbaseWebhook]));
    const catalog = {
      status: 'warn',
      object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'catalog-webhook' },
      message: 'MutatingWebhookConfiguration catalog-webhook webhook "mutating.example.com" (webhooks[1]) has sideEffects Some: Flux\'s dry run will fail on objects it intercepts',
      evidence: [{ ref: 'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration catalog-webhook', path: 'webhooks[1].sideEffects', observed: 'Some', expected: 'None or NoneOnDryRun' }],
      commands: [`kubectl patch mutatingwebhookconfiguration catalog-webhook --type=json -p '[{"op":"replace","path":"/webhooks/1/sideEffects","value":"NoneOnDryRun"}]'`],
      fixes: [
        {
          title: 'set sideEffects=NoneOnDryRun on MutatingWebhookConfiguration catalog-webhook webhooks[1] (mutating.example.com)',
          warning: WARNING,
          target: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'catalog-webhook' },
          patchType: 'json',
          patch: [{ op: 'replace', path: '/webhooks/1/sideEffects', value: 'NoneOnDryRun' }],
        },
      ],
    };
    const absent = {
      status: 'warn',
      object: { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'ValidatingWebhookConfiguration', name: COUCHBASE },
      message: `ValidatingWebhookConfiguration ${COUCHBASE} webhook "${COUCHBASE_HOOK}" (webhooks[1]) has sideEffects absent (Unknown): Flux's dry run will fail on objects it intercepts`,
      evidence: [couchbaseEvidence()],
      commands: [couchbasePatch],
      fixes: [couchbaseFix],
    };
    expect(outcome(r)).toEqual({ status: 'warn', message: `2 problems: ${absent.message}; and 1 more`, text: REMEDIATION_TEXT, findings: [absent, catalog], fixes: [couchbaseFix, catalog.fixes[0]] });
  });
  it('a cut name matching a safe and an unsafe webhook fails, patching only the unsafe one', () => {
    const v2 = yaml(`
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: couchbase-v2
webhooks:
- name: couchbase-operator-couchbase-admission-controller.v2
  sideEffects: None
`);
    const cut = 'CouchbaseBucket/couchbase/blocker dry-run failed, reason: BadRequest, error: admission webhook "couchbase-operator-couchbase-adm';
    const r = runOne(FLUX002, snap([...failingKustomization(healthy(), cut), ...couchbaseWebhook, ...v2]));
    expect(r.findings?.map((f) => [f.status, f.message, f.commands, f.fixes])).toEqual([
      [
        'fail',
        `Kustomization flux-system/flux-system fails its dry run on a webhook whose name starts with "couchbase-operator-couchbase-adm" (the message was cut): ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects absent, defaults to Unknown); ValidatingWebhookConfiguration couchbase-v2 webhooks[0] (sideEffects None)`,
        [couchbasePatch, KS_RECONCILE],
        [couchbaseFix, ksReconcile],
      ],
    ]);
  });

  it('two Kustomizations failing on one webhook: one webhook fix, a reconcile of each', () => {
    const objs = failingKustomization(healthy(), FLUX2_4073);
    const apps = structuredClone(find(objs, 'Kustomization', 'flux-system'));
    apps.metadata.name = 'apps';
    const r = runOne(FLUX002, snap([...objs, apps, ...couchbaseWebhook]));
    const appsReconcile = {
      ...ksReconcile,
      title: 'Request a reconcile of Kustomization flux-system/apps so it retries its dry run',
      target: { ...KS_OBJECT, name: 'apps' },
      waitFor: 'Flux to reconcile Kustomization flux-system/apps (status.lastHandledReconcileAt = the request; flux get kustomizations, or fix --wait)',
    };
    expect(r.findings?.map((f) => [f.message.split(' fails')[0], f.commands, f.fixes])).toEqual([
      ['Kustomization flux-system/flux-system', [couchbasePatch, KS_RECONCILE], [couchbaseFix, ksReconcile]],
      ['Kustomization flux-system/apps', [couchbasePatch, 'flux reconcile kustomization apps -n flux-system --with-source'], [appsReconcile]],
    ]);
  });

  it("a fixed webhook: the FluxConfig's failure predates it; Azure's anonymous status falls back to Kustomization and has no fix", () => {
    const fixed = structuredClone(couchbaseWebhook);
    fixed[0].webhooks[1].sideEffects = 'None';
    const fc = runOne(FLUX002, snap([...healthy(), ...fluxConfig(FLUX2_4073), ...fixed]));
    expect(fc.findings?.map((f) => [f.status, f.message, f.fixes?.map((x) => ("target" in x ? x.target.kind : x.kind))])).toEqual([
      ['warn', `FluxConfig cluster-config/cluster-config: webhook fixed (ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects None)); the FluxConfig's failure predates it — waiting for a reconcile`, ['FluxConfig']],
    ]);
    const azure = [{ type: 'Microsoft.KubernetesConfiguration/fluxConfigurations', name: 'cluster-config', statuses: [{ statusConditions: [{ message: FLUX2_4073 }] }] }];
    const anonymous = runOne(FLUX002, snap([...healthy(), ...fixed], { azure }));
    expect(anonymous.findings?.map((f) => [f.status, f.message, f.commands, f.fixes])).toEqual([
      ['warn', `fluxConfiguration cluster-config: webhook fixed (ValidatingWebhookConfiguration ${COUCHBASE} webhooks[1] (sideEffects None)); the Kustomization's failure predates it — waiting for a reconcile`, ['az k8s-configuration flux update … (or wait for the next reconcile)'], undefined],
    ]);
  });
});
