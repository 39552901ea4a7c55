// The webhook inventory and the dry-run failure parser (webhooks.ts), and where Flux reports dry-run failures
// (dry-run-sources.ts): Gatekeeper's real webhook configurations, the verbatim messages of ../shared/upstream/samples/flux,
// the Azure REST example of a fluxConfiguration. Imports no check registry (cheap per mutant).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failingMessages } from '../../../src/checks/flux/dry-run-sources.js';
import { allWebhooks, interceptsApply, parseDryRunFailure, parseDryRunFailures, patchCommand, sideEffectsPatch, sideEffectsSafe, webhooksNamed, type WebhookEntry } from '../../../src/checks/flux/webhooks.js';
import { azureResourcesIn } from '../../../src/snapshot/azure/normalize.js';
import { find, healthy, snapshotOf, type KubeObject } from '../shared/light-fixtures.js';
import { parseAllDocuments } from 'yaml';

const GATEKEEPER: KubeObject[] = parseAllDocuments(readFileSync(join(__dirname, '../../fixtures/flux/webhooks/gatekeeper-webhooks.yaml'), 'utf8')).map((d) => d.toJS());
const FLUX2_4073 = 'Kustomization reconciliation failed: CouchbaseBucket/couchbase/blocker dry-run failed, reason: BadRequest, error: admission webhook "couchbase-operator-couchbase-admission-controller.couchbase.svc" does not support dry run';
const PORTAL_88988 = 'dry-run failed, reason: BadRequest, error: admission webhook \\"aks-webhook-admission-controller.azmk8s.io\\" does not support dry';
const TWO = `Deployment/tools/debug-shell dry-run failed, reason: Forbidden, error: admission webhook "validation.gatekeeper.sh" denied the request: [psp-privileged] Privileged container is not allowed: shell
CouchbaseBucket/couchbase/blocker dry-run failed, reason: BadRequest, error: admission webhook "couchbase-operator-couchbase-admission-controller.couchbase.svc" does not support dry run`;

const v1beta1 = (webhooks: unknown): KubeObject => ({ apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'couchbase-operator-couchbase-admission-controller' }, webhooks } as KubeObject);

describe('allWebhooks and what each entry says', () => {
  it('Gatekeeper: validating first, then mutating, each with its index and declared sideEffects', () => {
    const all = allWebhooks(snapshotOf(GATEKEEPER));
    expect(all.map((w) => [w.kind, w.configuration.metadata.name, w.index, w.name, w.sideEffects, w.declared])).toEqual([
      ['ValidatingWebhookConfiguration', 'gatekeeper-validating-webhook-configuration', 0, 'validation.gatekeeper.sh', 'None', true],
      ['ValidatingWebhookConfiguration', 'gatekeeper-validating-webhook-configuration', 1, 'check-ignore-label.gatekeeper.sh', 'None', true],
      ['MutatingWebhookConfiguration', 'gatekeeper-mutating-webhook-configuration', 0, 'mutation.gatekeeper.sh', 'None', true],
    ]);
    expect(all.every(sideEffectsSafe)).toBe(true);
  });

  it('v1beta1 without sideEffects (or empty) is Unknown and undeclared; odd entries are skipped, keeping indexes', () => {
    const cfg = v1beta1([null, 'x', { name: 'a.couchbase.svc', sideEffects: '' }, { sideEffects: 'Some' }, { name: 'c', sideEffects: 'NoneOnDryRun' }]);
    const all = allWebhooks(snapshotOf([cfg, v1beta1('not a list')]));
    expect(all.map((w) => [w.index, w.name, w.sideEffects, w.declared, sideEffectsSafe(w)])).toEqual([
      [2, 'a.couchbase.svc', 'Unknown', false, false],
      [3, '', 'Some', true, false],
      [4, 'c', 'NoneOnDryRun', true, true],
    ]);
    expect(allWebhooks(snapshotOf(healthy()))).toEqual([]);
  });

  it('interceptsApply: CREATE or UPDATE (any case) or *, or rules it cannot read; not CONNECT or DELETE alone', () => {
    const at = (rules: unknown) => interceptsApply(allWebhooks(snapshotOf([v1beta1([{ name: 'w', rules }])]))[0]);
    expect(at(undefined)).toBe(true);
    expect(at([{ operations: ['CONNECT'] }])).toBe(false);
    expect(at([{ operations: ['DELETE'] }, { operations: ['CONNECT'] }])).toBe(false);
    expect(at([{ operations: ['DELETE'] }, { operations: ['update'] }])).toBe(true);
    expect(at([{ operations: ['create'] }])).toBe(true);
    expect(at([{ operations: ['*'] }])).toBe(true);
    expect(at([{ apiGroups: ['*'] }])).toBe(true);
    expect(at([null])).toBe(true);
    expect(at([])).toBe(false);
    const entry = { ...allWebhooks(snapshotOf([v1beta1([{ name: 'w', rules: [{ operations: ['CONNECT'] }] }])]))[0] };
    entry.configuration = { ...entry.configuration, webhooks: 'gone' };
    expect(interceptsApply(entry)).toBe(true);
  });

  it('the patch: replace a declared sideEffects, add a missing one, at the webhook index; the kubectl command', () => {
    const [declared, missing] = allWebhooks(snapshotOf([v1beta1([{ name: 'a', sideEffects: 'Unknown' }, { name: 'b' }])]));
    expect(sideEffectsPatch(declared)).toEqual([{ op: 'replace', path: '/webhooks/0/sideEffects', value: 'NoneOnDryRun' }]);
    expect(sideEffectsPatch(missing)).toEqual([{ op: 'add', path: '/webhooks/1/sideEffects', value: 'NoneOnDryRun' }]);
    expect(patchCommand(missing)).toBe(`kubectl patch validatingwebhookconfiguration couchbase-operator-couchbase-admission-controller --type=json -p '[{"op":"add","path":"/webhooks/1/sideEffects","value":"NoneOnDryRun"}]'`);
  });
});

describe('parseDryRunFailures', () => {
  it('the flux2 #4073 message, the portal’s escaped and cut one, each once', () => {
    expect(parseDryRunFailures(FLUX2_4073)).toEqual([{ webhook: 'couchbase-operator-couchbase-admission-controller.couchbase.svc', truncated: false, message: FLUX2_4073 }]);
    expect(parseDryRunFailures(PORTAL_88988)).toEqual([{ webhook: 'aks-webhook-admission-controller.azmk8s.io', truncated: false, message: PORTAL_88988 }]);
    expect(parseDryRunFailures(`${FLUX2_4073}\n${FLUX2_4073}`)).toHaveLength(1);
    expect(parseDryRunFailure(FLUX2_4073)?.webhook).toBe('couchbase-operator-couchbase-admission-controller.couchbase.svc');
  });

  it('two objects failing: a denial is not a dry-run failure, the unsupported webhook is', () => {
    expect(parseDryRunFailures(TWO).map((f) => f.webhook)).toEqual(['couchbase-operator-couchbase-admission-controller.couchbase.svc']);
    const both = TWO.replace('denied the request: [psp-privileged] Privileged container is not allowed: shell', 'does not support dry-run');
    expect(parseDryRunFailures(both).map((f) => f.webhook)).toEqual(['validation.gatekeeper.sh', 'couchbase-operator-couchbase-admission-controller.couchbase.svc']);
  });

  it('cut after the name or inside "does not support": only after "dry-run failed"', () => {
    expect(parseDryRunFailures('dry-run failed, error: admission webhook "a.b.svc"').map((f) => [f.webhook, f.truncated])).toEqual([['a.b.svc', false]]);
    expect(parseDryRunFailures('dry-run failed, error: admission webhook "a.b.svc" does not sup').map((f) => f.webhook)).toEqual(['a.b.svc']);
    expect(parseDryRunFailures('Dry-Run Failed: admission webhook "a.b.svc" DOES NOT SUPPORT DRY RUN')).toHaveLength(1);
    expect(parseDryRunFailures('admission webhook "a.b.svc" does not sup')).toEqual([]);
    expect(parseDryRunFailures('dry-run failed, error: admission webhook "a.b.svc" does not allow this')).toEqual([]);
    expect(parseDryRunFailures('dry-run failed, error: admission webhook "a.b.svc" does not support dry - run')).toHaveLength(1);
  });

  it('cut inside the name: what precedes the cut, marked truncated; nothing without "dry-run failed"', () => {
    const cut = 'Deployment/x dry-run failed, reason: BadRequest, error: admission webhook \\"aks-webhook-admis  ';
    expect(parseDryRunFailures(cut)).toEqual([{ webhook: 'aks-webhook-admis', truncated: true, message: cut }]);
    expect(parseDryRunFailures('error: admission webhook "aks-webhook-admis')).toEqual([]);
    expect(parseDryRunFailures('dry-run failed, reason: Forbidden, error: pods "x" is forbidden')).toEqual([]);
    expect(parseDryRunFailure('nothing')).toBeUndefined();
  });

  it('webhooksNamed: exact names, or the prefix of a cut name of at least 3 characters', () => {
    const all = allWebhooks(snapshotOf([v1beta1([{ name: 'aks-webhook-admission-controller.azmk8s.io' }, { name: 'aks-other' }, { name: 'ak' }])]));
    const named = (webhook: string, truncated: boolean) => webhooksNamed(all, { webhook, truncated, message: '' }).map((w: WebhookEntry) => w.name);
    expect(named('aks-webhook-admission-controller.azmk8s.io', false)).toEqual(['aks-webhook-admission-controller.azmk8s.io']);
    expect(named('aks', false)).toEqual([]);
    expect(named('aks', true)).toEqual(['aks-webhook-admission-controller.azmk8s.io', 'aks-other']);
    expect(named('aks-w', true)).toEqual(['aks-webhook-admission-controller.azmk8s.io']);
    expect(named('ak', true)).toEqual([]);
  });
});

describe('failingMessages', () => {
  const REST = azureResourcesIn(JSON.parse(readFileSync(join(__dirname, '../../fixtures/azure/rest/GetFluxConfiguration.json'), 'utf8')));

  it('a healthy cluster: none', () => {
    expect(failingMessages(snapshotOf(healthy()))).toEqual([]);
  });

  it('Kustomization conditions not True with a message, with their index and type', () => {
    const objs = healthy();
    const ks = find(objs, 'Kustomization', 'flux-system');
    ks.status.conditions = [
      { type: 'Reconciling', status: 'True', message: 'Running health checks' },
      { type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: FLUX2_4073 },
      { type: 'Healthy', status: 'Unknown' },
      null,
      { type: 'Stalled', status: 'Unknown', message: 'waiting' },
    ];
    const ref = 'kustomize.toolkit.fluxcd.io/v1/Kustomization flux-system/flux-system';
    const object = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' };
    expect(failingMessages(snapshotOf(objs))).toEqual([
      { ref, object, path: 'status.conditions[1] (Ready=False).message', message: FLUX2_4073 },
      { ref, object, path: 'status.conditions[4] (Stalled=Unknown).message', message: 'waiting' },
    ]);
    ks.status.conditions = 'broken';
    expect(failingMessages(snapshotOf(objs))).toEqual([]);
  });

  it('every message string under a FluxConfig status, with its path', () => {
    const fc: KubeObject = {
      apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', metadata: { name: 'cluster-config', namespace: 'cluster-config' }, spec: {},
      status: { message: 'top', errors: [{ message: 'e0' }], statuses: [{ kind: 'Kustomization', statusConditions: [{ type: 'Ready', message: FLUX2_4073 }, { message: { nested: { message: 'deep' } } }] }], count: 3 },
    } as KubeObject;
    const ref = 'clusterconfig.azure.com/v1beta1/FluxConfig cluster-config/cluster-config';
    const object = { apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', namespace: 'cluster-config', name: 'cluster-config' };
    expect(failingMessages(snapshotOf([fc]))).toEqual([
      { ref, object, path: 'status.message', message: 'top' },
      { ref, object, path: 'status.errors[0].message', message: 'e0' },
      { ref, object, path: 'status.statuses[0].statusConditions[0].message', message: FLUX2_4073 },
      { ref, object, path: 'status.statuses[0].statusConditions[1].message.nested.message', message: 'deep' },
    ]);
  });

  it('Azure fluxConfigurations (the REST example): each status condition message, with the object it is about', () => {
    const msgs = failingMessages(snapshotOf([], { azure: REST }));
    expect(msgs[0]).toEqual({ ref: 'fluxConfiguration srs-fluxconfig', object: { kind: 'GitRepository', name: 'srs-fluxconfig', namespace: undefined }, path: 'statuses[0].statusConditions[0].message', message: "'Fetched revision: master/0ba6f0d30760d567de0bac86c8c4eec13ce1a590'" });
    expect(msgs[1]).toEqual({ ref: 'fluxConfiguration srs-fluxconfig', object: { kind: 'Kustomization', name: 'srs-fluxconfig-srs-kustomization1', namespace: undefined }, path: 'statuses[1].statusConditions[0].message', message: "'Applied revision: master/0ba6f0d30760d567de0bac86c8c4eec13ce1a590'" });
    expect(msgs.map((m) => m.path)).toEqual(REST[0].statuses.map((_: unknown, i: number) => `statuses[${i}].statusConditions[0].message`));
  });

  it('odd Azure shapes: no statuses, entries without kind or conditions, a namespace, a name from the id only', () => {
    const type = 'Microsoft.KubernetesConfiguration/fluxConfigurations';
    const msgs = failingMessages(snapshotOf([], {
      azure: [
        { type, name: 'a', statuses: 'none' },
        { type, id: '/subscriptions/s/x/fluxConfigurations/b', statuses: [null, { name: 'k', statusConditions: [{ message: 'no kind' }, { message: 7 }] }, { kind: 'Kustomization', name: 'k2', namespace: 'ns', statusConditions: [{ message: 'm' }] }] },
        { type, statuses: [{ statusConditions: [{ message: 'anon' }] }] },
      ],
    }));
    expect(msgs).toEqual([
      { ref: 'fluxConfiguration /subscriptions/s/x/fluxConfigurations/b', object: undefined, path: 'statuses[1].statusConditions[0].message', message: 'no kind' },
      { ref: 'fluxConfiguration /subscriptions/s/x/fluxConfigurations/b', object: { kind: 'Kustomization', name: 'k2', namespace: 'ns' }, path: 'statuses[2].statusConditions[0].message', message: 'm' },
      { ref: 'fluxConfiguration ', object: undefined, path: 'statuses[0].statusConditions[0].message', message: 'anon' },
    ]);
  });

  it('in order: Kustomizations, FluxConfigs, then Azure', () => {
    const objs = healthy();
    find(objs, 'Kustomization', 'flux-system').status.conditions[0].status = 'False';
    const fc = { apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', metadata: { name: 'c', namespace: 'c' }, status: { message: 'fc' } } as KubeObject;
    expect(failingMessages(snapshotOf([fc, ...objs], { azure: REST })).map((m) => m.ref.split(' ')[0]).slice(0, 3)).toEqual(['kustomize.toolkit.fluxcd.io/v1/Kustomization', 'clusterconfig.azure.com/v1beta1/FluxConfig', 'fluxConfiguration']);
  });
});
