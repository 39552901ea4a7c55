import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { runFix, type FixIO } from '../../src/cli/fix-cmd.js';
import { kubeletIdentityFix, registerExtensionManagerFix, registerProviderFix } from '../../src/checks/azure/arm-fixes.js';
import { defineCheck, fail, type FixAction } from '../../src/checks/define.js';
import { R } from '../../src/snapshot/resources.js';
import { namespace } from '../live/fixtures.js';
import { startFakeApi, type FakeApi } from '../live/helpers/fake-api.js';
import { on, startArmWrites, type WriteRoute, type WriteStandIn } from './arm-write-stand-in.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const EXT = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1/providers/Microsoft.KubernetesConfiguration/extensions/flux`;
const staticCredential: TokenCredential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

let api: FakeApi | undefined;
let arm: WriteStandIn | undefined;
afterEach(async () => {
  await api?.close();
  await arm?.close();
  api = arm = undefined;
});

/** A fixable check that proposes the given ARM changes (the AZ checks' builders, so the requests are theirs). */
const armCheck = (fixes: FixAction[]) =>
  defineCheck({ id: 'TSTAZ', area: 'k8s', title: 'azure fixes', guide: '-', reads: [{ type: R.Namespace }], fixable: true, run: () => fail('broken in Azure', { fixes }) });

function io(answer?: boolean): FixIO & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), ask: answer === undefined ? undefined : async () => answer, text: () => out, errors: () => err };
}

async function setUp(routes: WriteRoute[]) {
  api = await startFakeApi({ objects: [namespace('default')] });
  arm = await startArmWrites(routes);
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-fix-azure-'));
  const undoOut = join(dir, 'undo.json');
  return { flags: { kubeconfig: api.kubeconfig(), check: [], azure: true, undoOut }, opts: { endpoint: arm.endpoint, ca: arm.ca, credential: staticCredential, pollIntervalMs: 1 }, undoOut };
}

const writes = () => arm!.requests.filter((r) => r.method !== 'GET');
const registerPath = `/subscriptions/${SUB}/providers/Microsoft.KubernetesConfiguration/register`;
const extension = (state: string) => ({ status: 200, body: { id: EXT, name: 'flux', properties: { provisioningState: state } } });

describe('fix --azure', () => {
  it('shows the exact request and its undo status, and sends nothing without consent or --yes', async () => {
    const { flags, opts } = await setUp([on('POST', registerPath, { status: 200, body: { registrationState: 'Registering' } })]);
    const term = io();
    expect(await runFix(flags, term, [armCheck([registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration')])], opts)).toBe(2);
    expect(term.text()).toContain(`   request: POST ${arm!.endpoint}${registerPath}?api-version=2021-04-01\n`);
    expect(term.text()).toContain(`   undo:    NOT UNDOABLE: a registration is never undone by arcdoctor (unregistering a provider or feature affects every resource of the subscription); to undo it by hand: az provider unregister --namespace Microsoft.KubernetesConfiguration --subscription ${SUB}\n`);
    expect(arm!.requests).toEqual([]);
    const declined = io(false);
    expect(await runFix(flags, declined, [armCheck([registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration')])], opts)).toBe(0);
    expect(await runFix({ ...flags, dryRun: true }, io(), [armCheck([registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration')])], opts)).toBe(0);
    expect(arm!.requests).toEqual([]);
  });

  it('registers the provider with --yes (one POST, no body) and records it as not undoable', async () => {
    const { flags, opts, undoOut } = await setUp([on('POST', registerPath, { status: 200, body: { registrationState: 'Registering' } })]);
    const term = io();
    expect(await runFix({ ...flags, yes: true }, term, [armCheck([registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration')])], opts)).toBe(0);
    expect(arm!.requests).toEqual([{ method: 'POST', path: registerPath, apiVersion: '2021-04-01', body: undefined }]);
    expect(term.text()).toContain('changed: Register the resource provider Microsoft.KubernetesConfiguration on subscription');
    const undo = JSON.parse(readFileSync(undoOut, 'utf8'));
    expect(undo.azure).toHaveLength(1);
    expect(undo.azure[0].state).toBe('applied');
    expect(undo.azure[0].undo).toBeUndefined();
  });

  it('registers AKS-ExtensionManager, then re-registers Microsoft.ContainerService, in that order', async () => {
    const feature = `/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager/register`;
    const rp = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/register`;
    const { flags, opts } = await setUp([on('POST', feature, { status: 200, body: { properties: { state: 'Registering' } } }), on('POST', rp, { status: 200, body: {} })]);
    expect(await runFix({ ...flags, yes: true }, io(), [armCheck([registerExtensionManagerFix(SUB)])], opts)).toBe(0);
    expect(arm!.requests.map((r) => [r.method, r.path, r.apiVersion])).toEqual([['POST', feature, '2021-07-01'], ['POST', rp, '2021-04-01']]);
  });

  it('PATCHes useKubeletIdentity and polls provisioningState to Succeeded; the undo record restores the previous value', async () => {
    const { flags, opts, undoOut } = await setUp([on('PATCH', EXT, { status: 202 }), on('GET', EXT, (n) => extension(n < 3 ? 'Updating' : 'Succeeded'))]);
    const term = io();
    const fix = kubeletIdentityFix({ type: 'Microsoft.KubernetesConfiguration/extensions', id: EXT, name: 'flux' }, 'false')!;
    expect(await runFix({ ...flags, yes: true }, term, [armCheck([fix])], opts)).toBe(0);
    expect(writes()).toEqual([{ method: 'PATCH', path: EXT, apiVersion: '2023-05-01', body: { properties: { configurationSettings: { useKubeletIdentity: 'true' } } } }]);
    expect(arm!.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
    expect(term.errors()).toContain('arcdoctor: flux: provisioningState Updating (poll 1)');
    expect(term.text()).toContain('changed: Set useKubeletIdentity=true on the microsoft.flux extension flux (was "false"): provisioningState Succeeded\n');
    const undo = JSON.parse(readFileSync(undoOut, 'utf8'));
    expect(undo.azure[0].undo).toEqual({ method: 'PATCH', path: EXT, apiVersion: '2023-05-01', body: { properties: { configurationSettings: { useKubeletIdentity: 'false' } } } });

    // --undo sends exactly the recorded request back.
    const back = io();
    expect(await runFix({ kubeconfig: flags.kubeconfig, check: [], undo: undoOut, yes: true }, back, [], opts)).toBe(0);
    expect(writes().at(-1)).toEqual({ method: 'PATCH', path: EXT, apiVersion: '2023-05-01', body: { properties: { configurationSettings: { useKubeletIdentity: 'false' } } } });
  });

  it('a setting that was absent is marked not undoable before consent', () => {
    const fix = kubeletIdentityFix({ type: 'Microsoft.KubernetesConfiguration/extensions', id: EXT, name: 'flux' }, undefined)!;
    expect(fix.undo).toBeUndefined();
    expect(fix.notUndoable).toBe('useKubeletIdentity was not set before, and an ARM PATCH cannot remove a configuration setting; to undo, set it to "false": az k8s-extension update ... --config useKubeletIdentity=false');
  });

  it('polling that ends in Failed is a failed change (exit 1)', async () => {
    const { flags, opts } = await setUp([on('PATCH', EXT, { status: 202 }), on('GET', EXT, extension('Failed'))]);
    const term = io();
    const fix = kubeletIdentityFix({ type: 'Microsoft.KubernetesConfiguration/extensions', id: EXT, name: 'flux' }, 'false')!;
    expect(await runFix({ ...flags, yes: true }, term, [armCheck([fix])], opts)).toBe(1);
    expect(term.text()).toContain('FAILED: Set useKubeletIdentity=true on the microsoft.flux extension flux (was "false"): provisioningState Failed\n');
  });

  it('409 and 403 are reported in one line each and nothing is retried', async () => {
    const { flags, opts } = await setUp([
      on('PATCH', EXT, { status: 409, body: { error: { code: 'Conflict', message: 'Another operation is in progress' } } }),
      on('POST', registerPath, { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action' } } }),
    ]);
    const term = io();
    const fix = kubeletIdentityFix({ type: 'Microsoft.KubernetesConfiguration/extensions', id: EXT, name: 'flux' }, 'false')!;
    expect(await runFix({ ...flags, yes: true }, term, [armCheck([fix, registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration')])], opts)).toBe(1);
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${EXT}`, `POST ${registerPath}`]);
    expect(arm!.requests.filter((r) => r.method === 'GET')).toEqual([]);
    const failed = term.text().split('\n').filter((l) => l.startsWith('FAILED: '));
    expect(failed).toEqual([
      `FAILED: PATCH ${EXT}: 409 Conflict: Another operation is in progress; another operation holds the resource; nothing was retried; run arcdoctor fix --azure again once it ends`,
      `FAILED: POST ${registerPath}: 403 AuthorizationFailed: The client does not have authorization to perform action; the identity may not make this change (it needs e.g. Contributor on the resource or subscription); nothing was retried`,
    ]);
  });

  it('without --azure the Azure changes are named, never sent', async () => {
    const { flags, opts } = await setUp([]);
    const term = io();
    expect(await runFix({ ...flags, azure: false, yes: true }, term, [armCheck([registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration')])], opts)).toBe(0);
    expect(term.text()).toContain('1 Azure change(s) (TSTAZ) not planned: pass --azure to see and apply them.\n');
    expect(arm!.requests).toEqual([]);
  });
});

describe('fix --azure end to end with AZ001 (the registry check, Azure read through the stand-in)', () => {
  it('reads the provider NotRegistered, registers it after --yes, and re-checks: fail → warn (Registering)', async () => {
    const cluster = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/arc1`;
    const config = `${cluster}/providers/Microsoft.KubernetesConfiguration`;
    const provider = (ns: string, state: string) => ({ status: 200, body: { id: `/subscriptions/${SUB}/providers/${ns}`, namespace: ns, registrationState: state } });
    const { flags, opts } = await setUp([
      on('GET', cluster, { status: 200, body: { id: cluster, name: 'arc1', type: 'Microsoft.Kubernetes/connectedClusters', properties: { connectivityStatus: 'Connected' } } }),
      on('GET', `${config}/extensions`, { status: 200, body: { value: [] } }),
      on('GET', `${config}/fluxConfigurations`, { status: 200, body: { value: [] } }),
      on('GET', `${config}/sourceControlConfigurations`, { status: 200, body: { value: [] } }),
      on('GET', `/subscriptions/${SUB}/providers/Microsoft.Kubernetes`, provider('Microsoft.Kubernetes', 'Registered')),
      on('GET', `/subscriptions/${SUB}/providers/Microsoft.KubernetesConfiguration`, (n) => provider('Microsoft.KubernetesConfiguration', n === 1 ? 'NotRegistered' : 'Registering')),
      on('POST', registerPath, { status: 200, body: { registrationState: 'Registering' } }),
    ]);
    const target = { azureSubscription: SUB, resourceGroup: 'rg1', cluster: 'arc1', clusterType: 'connectedClusters' as const };
    const term = io();
    const code = await runFix({ ...flags, ...target, check: ['AZ001'], yes: true }, term, undefined, opts);
    expect(term.errors()).toBe('');
    expect(writes()).toEqual([{ method: 'POST', path: registerPath, apiVersion: '2021-04-01', body: undefined }]);
    expect(term.text()).toContain('AZ001: fail → warn (Resource provider Microsoft.KubernetesConfiguration is still Registering)');
    expect(code).toBe(0);
  });
});
