// What Azure says went wrong, exactly: extension statuses (src/checks/azure/extension-status.ts), Flux configuration
// compliance (flux-compliance.ts) and the known error signatures (signatures.ts), on the texts Azure really reports
// (../shared/upstream/samples: azure-docs #88367, fluxcd/flux2 #4073, the extension service's Helm failure).
import { describe, expect, it } from 'vitest';
import { extensionProblems, oneLine } from '../../../src/checks/azure/extension-status.js';
import { isNonCompliant, lastChange, nonCompliantObjects } from '../../../src/checks/azure/flux-compliance.js';
import { dryRunWebhook, signatureHint, signaturesIn, SIGNATURES } from '../../../src/checks/azure/signatures.js';
import type { AzureResource } from '../../../src/snapshot/objects.js';
import { azureFixture } from './azure-fixtures.js';

const ext = (over: Partial<AzureResource>): AzureResource => ({ ...azureFixture('cli/flux-extension.json')[0], ...over });
const REF = `Microsoft.KubernetesConfiguration/extensions ${azureFixture('cli/flux-extension.json')[0].id}`;
const POD_IDENTITY = "error: Unable to get the status from the local CRD with the error : {Error : Retry for given duration didn't get any results with err {status not populated}}";
const DRY_RUN = 'Kustomization reconciliation failed: CouchbaseBucket/couchbase/blocker dry-run failed, reason: BadRequest, error: admission webhook "couchbase-operator-couchbase-admission-controller.couchbase.svc" does not support dry run';
const DRY_RUN_ESCAPED = 'dry-run failed, reason: BadRequest, error: admission webhook \\"aks-webhook-admission-controller.azmk8s.io\\" does not support dry run';
const POLICY = 'Helm installation failed : Unable to create/update Kubernetes resources for the extension : Recommendation Please check that there are no policies blocking the resource creation/update for the extension.';
const DENIED = 'admission webhook "validation.gatekeeper.sh" denied the request: [azurepolicy-k8sazurev1antiaffinityrules-ceffa082711831ebffd1] Deployment with 2 replicas';
// Azure/AKS #5645, verbatim: the line breaks after "was ".
const NOT_READY = 'ExtensionOperationFailed: Helm installation failed : Timed out waiting for \nthe resource to come to a ready/completed state Last resource not ready was \nflux-system/fluxconfig-controller';
const DENIED_ESCAPED = 'error: admission webhook \\"validation.gatekeeper.sh\\" denied the request: [azurepolicy-x] denied';

describe('extensionProblems', () => {
  it('a healthy extension has none', () => {
    expect(extensionProblems(ext({}))).toEqual([]);
  });

  it.each(['Failed', 'Canceled', 'cancelled'])('provisioningState %s is a fail', (state) => {
    expect(extensionProblems(ext({ provisioningState: state }))).toEqual([
      { status: 'fail', quote: `provisioningState ${state}`, evidence: { ref: REF, path: 'properties.provisioningState', observed: state, expected: 'Succeeded' } },
    ]);
  });

  it.each(['Creating', 'updating', 'Deleting', 'Accepted', 'Running'])('provisioningState %s is a warn: still running', (state) => {
    expect(extensionProblems(ext({ provisioningState: state }))).toEqual([
      { status: 'warn', quote: `provisioningState ${state} (operation still running)`, evidence: { ref: REF, path: 'properties.provisioningState', observed: state, expected: 'Succeeded' } },
    ]);
  });

  it('a state that is no string, or another word, is no problem', () => {
    expect(extensionProblems(ext({ provisioningState: 1 }))).toEqual([]);
    expect(extensionProblems(ext({ provisioningState: 'Succeeded' }))).toEqual([]);
    expect(extensionProblems(ext({ provisioningState: 'Unknown' }))).toEqual([]);
  });

  it('the pre-2022 installState Failed is a fail', () => {
    expect(extensionProblems(ext({ installState: 'failed' }))).toEqual([
      { status: 'fail', quote: 'installState Failed', evidence: { ref: REF, path: 'properties.installState', observed: 'failed', expected: 'Installed' } },
    ]);
    expect(extensionProblems(ext({ installState: 'Installed' }))).toEqual([]);
  });

  it('error-level statuses, quoted code: displayStatus: message on one line, at their index', () => {
    const statuses = [
      { code: 'InstallationSucceeded', level: 'Information', message: 'fine' },
      null,
      'text',
      { code: 'ExtensionCreationFailed', displayStatus: ' ', level: 'Error', message: `  ${POD_IDENTITY}\n  more` },
      { level: 'error', displayStatus: 'Failed' },
      { level: 'Error' },
    ];
    expect(extensionProblems(ext({ statuses }))).toEqual([
      { status: 'fail', quote: `ExtensionCreationFailed: ${POD_IDENTITY} more`, evidence: { ref: REF, path: 'properties.statuses[3]', observed: `ExtensionCreationFailed: ${POD_IDENTITY} more`, expected: 'no status at level Error' } },
      { status: 'fail', quote: 'Failed', evidence: { ref: REF, path: 'properties.statuses[4]', observed: 'Failed', expected: 'no status at level Error' } },
      { status: 'fail', quote: 'error-level status without a message', evidence: { ref: REF, path: 'properties.statuses[5]', observed: 'error-level status without a message', expected: 'no status at level Error' } },
    ]);
    expect(extensionProblems(ext({ statuses: 'not a list' }))).toEqual([]);
  });

  it('errorInfo and its details, innermost last, five levels at most; the same quote once', () => {
    const nest = (depth: number): Record<string, unknown> => ({ code: `C${depth}`, message: `level ${depth}`, ...(depth < 6 ? { details: [nest(depth + 1)] } : {}) });
    const problems = extensionProblems(ext({ errorInfo: nest(0) }));
    expect(problems.map((p) => p.quote)).toEqual(['C0: level 0', 'C1: level 1', 'C2: level 2', 'C3: level 3', 'C4: level 4']);
    expect(problems[0]).toEqual({ status: 'fail', quote: 'C0: level 0', evidence: { ref: REF, path: 'properties.errorInfo', observed: 'C0: level 0', expected: 'no errorInfo' } });
    const noOwn = extensionProblems(ext({ errorInfo: { code: '', details: [{ message: 'inner only' }, 'x', { code: 'C', message: '' }], message: 3 } }));
    expect(noOwn.map((p) => p.quote)).toEqual(['inner only', 'C']);
    const blank = extensionProblems(ext({ errorInfo: { code: '   ', message: 'HelmInstallFailed' } }));
    expect(blank.map((p) => p.quote)).toEqual(['HelmInstallFailed']);
    const repeated = extensionProblems(ext({ provisioningState: 'Failed', errorInfo: { code: 'A', message: 'b', details: [{ code: 'A', message: 'b' }] }, statuses: [{ level: 'Error', code: 'A', message: 'b' }] }));
    expect(repeated.map((p) => [p.quote, p.evidence.path])).toEqual([['provisioningState Failed', 'properties.provisioningState'], ['A: b', 'properties.statuses[0]']]);
    expect(extensionProblems(ext({ errorInfo: 'text' }))).toEqual([]);
  });
});

describe('oneLine', () => {
  it('flattens whitespace and cuts at the maximum with an ellipsis', () => {
    expect(oneLine('  a\n\tb   c ')).toBe('a b c');
    expect(oneLine('x'.repeat(600))).toBe('x'.repeat(600));
    expect(oneLine('x'.repeat(601))).toBe(`${'x'.repeat(599)}…`);
    expect(oneLine('abcdef', 4)).toBe('abc…');
    expect(oneLine('abcd', 4)).toBe('abcd');
  });
});

describe('Flux configuration compliance', () => {
  it('isNonCompliant: the API spelling and the older ones, any case; nothing else', () => {
    for (const s of ['Non-Compliant', 'noncompliant', 'NonCompliant', 'Failed']) expect(isNonCompliant(s), s).toBe(true);
    for (const s of ['Compliant', 'Pending', 'Suspended', '', undefined, 3]) expect(isNonCompliant(s), String(s)).toBe(false);
  });

  it('nonCompliantObjects: each non-compliant status with the messages of its failing conditions', () => {
    const config: AzureResource = {
      type: 'Microsoft.KubernetesConfiguration/fluxConfigurations', id: '/x/fluxConfigurations/cluster-config', name: 'cluster-config',
      statuses: [
        { kind: 'GitRepository', name: 'cluster-config', namespace: 'cluster-config', complianceState: 'Compliant' },
        null,
        {
          kind: 'Kustomization', name: 'cluster-config-infra', namespace: 'cluster-config', complianceState: 'Non-Compliant',
          statusConditions: [{ type: 'Healthy', status: 'True', message: 'healthy' }, { type: 'Ready', status: 'False', message: `'${DRY_RUN}'` }, { type: 'X', status: 'False' }, null],
        },
        { complianceState: 'Failed', namespace: 3, statusConditions: [{ status: 'True', message: 'only true ones' }, { status: 'TRUE', message: '  spaced\nout ' }] },
        { kind: 'HelmRelease', name: 'hr', complianceState: 'Noncompliant', statusConditions: 'none' },
      ],
    };
    expect(nonCompliantObjects(config)).toEqual([
      {
        kind: 'Kustomization', name: 'cluster-config-infra', namespace: 'cluster-config', state: 'Non-Compliant', messages: [DRY_RUN],
        evidence: { ref: 'Microsoft.KubernetesConfiguration/fluxConfigurations /x/fluxConfigurations/cluster-config', path: 'properties.statuses[2]', observed: `Kustomization cluster-config-infra: Non-Compliant — ${DRY_RUN}`, expected: 'Compliant' },
      },
      {
        kind: 'object', name: '(unnamed)', namespace: undefined, state: 'Failed', messages: ['only true ones', 'spaced out'],
        evidence: { ref: 'Microsoft.KubernetesConfiguration/fluxConfigurations /x/fluxConfigurations/cluster-config', path: 'properties.statuses[3]', observed: ': Failed — only true ones | spaced out', expected: 'Compliant' },
      },
      {
        kind: 'HelmRelease', name: 'hr', namespace: undefined, state: 'Noncompliant', messages: [],
        evidence: { ref: 'Microsoft.KubernetesConfiguration/fluxConfigurations /x/fluxConfigurations/cluster-config', path: 'properties.statuses[4]', observed: 'HelmRelease hr: Noncompliant', expected: 'Compliant' },
      },
    ]);
    expect(nonCompliantObjects({ type: 't', statuses: {} })).toEqual([]);
  });

  it("a message quoted with ' inside keeps its inner quotes", () => {
    const config: AzureResource = { type: 't', name: 'c', statuses: [{ kind: 'K', name: 'n', complianceState: 'Non-Compliant', statusConditions: [{ status: 'False', message: "it's 'x' here" }] }] };
    expect(nonCompliantObjects(config)[0].messages).toEqual(["it's 'x' here"]);
    const edged = (message: string) => nonCompliantObjects({ ...config, statuses: [{ ...config.statuses[0], statusConditions: [{ status: 'False', message }] }] })[0].messages;
    expect(edged("'quoted' tail")).toEqual(["'quoted' tail"]);
    expect(edged("head 'quoted'")).toEqual(["head 'quoted'"]);
    expect(edged("'x'")).toEqual(['x']);
    expect(edged("''")).toEqual(['']);
  });

  it('lastChange: statusUpdatedAt, then lastModifiedAt, then createdAt, skipping what is no date', () => {
    expect(lastChange({ type: 't', statusUpdatedAt: '2026-11-26T10:00:00Z', systemData: { lastModifiedAt: '2026-11-01T00:00:00Z' } })).toEqual(new Date('2026-11-26T10:00:00Z'));
    expect(lastChange({ type: 't', statusUpdatedAt: 'not a date', systemData: { lastModifiedAt: '2026-11-01T00:00:00Z', createdAt: '2026-10-01T00:00:00Z' } })).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(lastChange({ type: 't', statusUpdatedAt: 12, systemData: { createdAt: '2026-10-01T00:00:00Z' } })).toEqual(new Date('2026-10-01T00:00:00Z'));
    expect(lastChange({ type: 't', statusUpdatedAt: new Date('2026-09-09T00:00:00Z') })).toEqual(new Date('2026-09-09T00:00:00Z'));
    expect(lastChange({ type: 't' })).toBeUndefined();
    expect(lastChange({ type: 't', systemData: { createdAt: '' } })).toBeUndefined();
  });
});

describe('signatures', () => {
  it('each real message carries its check, for the Flux extension or any type', () => {
    expect(signaturesIn(POD_IDENTITY).map((s) => s.checkId)).toEqual(['FLUX004']);
    expect(signaturesIn('no azure identity found for request clientID').map((s) => s.checkId)).toEqual(['FLUX004']);
    expect(signaturesIn(DRY_RUN).map((s) => s.checkId)).toEqual(['FLUX002']);
    expect(signaturesIn(DRY_RUN_ESCAPED).map((s) => s.checkId)).toEqual(['FLUX002']);
    expect(signaturesIn(POLICY).map((s) => s.checkId)).toEqual(['FLUX003']);
    expect(signaturesIn(DENIED).map((s) => s.checkId)).toEqual(['FLUX003']);
    expect(signaturesIn(NOT_READY).map((s) => s.checkId)).toEqual(['FLUX001']);
    expect(signaturesIn('Last resource not ready was flux-system/source-controller').map((s) => s.checkId)).toEqual(['FLUX001']);
    expect(signaturesIn('Last resource not ready was kube-system/x')).toEqual([]);
    expect(signaturesIn(DENIED_ESCAPED).map((s) => s.checkId)).toEqual(['FLUX003']);
    expect(signaturesIn('admission webhook "a b" denied the request')).toEqual([]);
    expect(signaturesIn('dry-run failed: admission webhook "a b" does not support dry run')).toEqual([]);
    expect(signaturesIn('admission webhook "x.io" does not support dry run')).toEqual([]);
    expect(signaturesIn(`${POLICY} ${NOT_READY}`, 'Microsoft.Flux').map((s) => s.checkId)).toEqual(['FLUX003', 'FLUX001']);
    expect(signaturesIn('all good')).toEqual([]);
  });

  it('another extension type never links to the Flux checks', () => {
    expect(signaturesIn(POD_IDENTITY, 'microsoft.azuremonitor.containers')).toEqual([]);
    expect(signaturesIn(POD_IDENTITY, 'microsoft.flux')).toEqual([SIGNATURES[0]]);
  });

  it('dryRunWebhook names the webhook, raw or JSON-escaped', () => {
    expect(dryRunWebhook(DRY_RUN)).toBe('couchbase-operator-couchbase-admission-controller.couchbase.svc');
    expect(dryRunWebhook(DRY_RUN_ESCAPED)).toBe('aks-webhook-admission-controller.azmk8s.io');
    expect(dryRunWebhook(POLICY)).toBeUndefined();
    expect(dryRunWebhook('DRY-RUN FAILED, error: admission webhook x.io does not support DRY run')).toBe('x.io');
  });

  it('signatureHint: nothing, one hint, or several joined by a space', () => {
    expect(signatureHint('all good')).toBe('');
    expect(signatureHint(POD_IDENTITY)).toBe(' (see FLUX004: the extension agent could not get its token (AAD Pod Identity intercepts IMDS))');
    expect(signatureHint(POD_IDENTITY, 'microsoft.azuremonitor.containers')).toBe('');
    expect(signatureHint(`${DENIED}; ${NOT_READY}`)).toBe(' (see FLUX003: an admission policy blocks the extension’s resources) (see FLUX001: a Flux controller of the extension never became ready)');
    expect(signatureHint(DRY_RUN, 'microsoft.flux')).toBe(' (see FLUX002: an admission webhook does not declare sideEffects None/NoneOnDryRun)');
  });
});
