// src/fix/azure.ts exactly: which ARM changes are planned, the lines shown before consent, the requests sent (once,
// stopping at the first refusal), the 409/403 lines, and bounded provisioningState polling (issue #16).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kubeletIdentityFix, registerExtensionManagerFix, registerProviderFix } from '../../src/checks/azure/arm-fixes.js';
import type { ArmFixAction, FixAction } from '../../src/checks/define.js';
import { applyArmChange, applyArmRecorded, armUndoEntries, describeArmChange, describeRequest, plannedArmChanges, requestUrl, sendUndo, type ArmChange } from '../../src/fix/azure.js';
import { ArmError, type ArmWriter } from '../../src/sources/azure-arm-client.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const EXT = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/arc1/providers/Microsoft.KubernetesConfiguration/extensions/flux`;
const kubelet = kubeletIdentityFix({ type: 'Microsoft.KubernetesConfiguration/extensions', id: EXT, name: 'flux' }, 'false')!;
const provider = registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration');
const feature = registerExtensionManagerFix(SUB);
const clusterFix: FixAction = { title: 'c', target: { apiVersion: 'v1', kind: 'Namespace', name: 'n' }, patchType: 'merge', patch: {} };
const change = (action: ArmFixAction, checkId = 'AZ003', alsoFor: string[] = []): ArmChange => ({ checkId, alsoFor, action });

/** An ARM client that records every call; `write` and `get` answer from the given functions (throwing = refused). */
function fakeArm(write: (path: string) => unknown = () => ({}), get: (n: number) => unknown = () => ({ properties: { provisioningState: 'Succeeded' } })) {
  const calls: unknown[][] = [];
  let gets = 0;
  const arm: ArmWriter = {
    write: async (method, path, apiVersion, body) => (calls.push([method, path, apiVersion, body]), write(path)),
    get: async (path, apiVersion) => (calls.push(['GET', path, apiVersion]), get(++gets)),
    post: async () => Promise.reject(new Error('not used')),
    list: async () => Promise.reject(new Error('not used')),
  };
  return { arm, calls };
}
const noSleep = { timeoutMs: 60_000, intervalMs: 1, sleep: async () => {} };

afterEach(() => vi.useRealTimers());

describe('plannedArmChanges', () => {
  const result = (id: string, status: string, fixes?: FixAction[], suppressed = false) => ({ id, status, suppressed, fixes });
  it('takes ARM fixes of fail and warn results once each, the first proposer owning it, others listed once', () => {
    const report = {
      results: [
        result('AZ003', 'fail', [kubelet, clusterFix, kubelet]),
        result('FLUX005', 'warn', [{ ...kubelet, title: 'same requests, other words' }]),
        result('FLUX005', 'fail', [kubelet]),
        result('AZ001', 'warn', [provider]),
        result('AZ002', 'pass', [feature]),
        result('AZ002', 'skip', [feature]),
        result('AZ002', 'error', [feature]),
        result('AZ002', 'fail', [feature], true),
        result('K8S001', 'fail'),
      ],
    } as never;
    expect(plannedArmChanges(report)).toEqual([change(kubelet, 'AZ003', ['FLUX005']), change(provider, 'AZ001')]);
  });
});

describe('the lines shown before consent', () => {
  it('requestUrl strips trailing slashes of the endpoint and encodes the api-version', () => {
    expect(requestUrl('https://arm.test//', { method: 'POST', path: '/subscriptions/s/register', apiVersion: '2021-04-01 preview' })).toBe('https://arm.test/subscriptions/s/register?api-version=2021-04-01%20preview');
    expect(requestUrl('https://arm.test', { method: 'POST', path: '/x', apiVersion: '1' })).toBe('https://arm.test/x?api-version=1');
  });

  it('describeRequest adds the body line only when there is a body', () => {
    expect(describeRequest('https://arm.test', provider.requests[0])).toBe(`POST https://arm.test/subscriptions/${SUB}/providers/Microsoft.KubernetesConfiguration/register?api-version=2021-04-01`);
    expect(describeRequest('https://arm.test', kubelet.requests[0])).toBe(`PATCH https://arm.test${EXT}?api-version=2023-05-01\n            body: {"properties":{"configurationSettings":{"useKubeletIdentity":"true"}}}`);
  });

  it('a PATCH change: every request, the poll, the warning, the undo request, no dry run', () => {
    expect(describeArmChange(3, change(kubelet, 'AZ003', ['FLUX005']), 'https://arm.test')).toBe(
      [
        '3. [AZ003, FLUX005] Set useKubeletIdentity=true on the microsoft.flux extension flux (was "false") (Azure)',
        `   request: PATCH https://arm.test${EXT}?api-version=2023-05-01\n            body: {"properties":{"configurationSettings":{"useKubeletIdentity":"true"}}}`,
        `   then:    poll provisioningState of ${EXT} to Succeeded or Failed`,
        '   WARNING: source-controller restarts with the kubelet identity; if the extension does not take the setting, the guide’s fallback is to delete and re-create it with --config useKubeletIdentity=true',
        `   undo:    PATCH https://arm.test${EXT}?api-version=2023-05-01\n            body: {"properties":{"configurationSettings":{"useKubeletIdentity":"false"}}}`,
        '   dry run: none: ARM has no dry-run; nothing is sent before consent',
      ].join('\n') + '\n\n',
    );
  });

  it('a registration: two requests in order, marked not undoable; a change with neither says so', () => {
    expect(describeArmChange(1, change(feature, 'AZ002'), 'https://arm.test')).toBe(
      [
        `1. [AZ002] ${feature.title} (Azure)`,
        `   request: POST https://arm.test/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager/register?api-version=2021-07-01`,
        `   request: POST https://arm.test/subscriptions/${SUB}/providers/Microsoft.ContainerService/register?api-version=2021-04-01`,
        `   undo:    NOT UNDOABLE: ${feature.notUndoable}`,
        '   dry run: none: ARM has no dry-run; nothing is sent before consent',
      ].join('\n') + '\n\n',
    );
    const bare: ArmFixAction = { kind: 'arm', title: 'bare', requests: [] };
    expect(describeArmChange(2, change(bare, 'X'), 'e')).toBe('2. [X] bare (Azure)\n   undo:    NOT UNDOABLE: no undo recorded\n   dry run: none: ARM has no dry-run; nothing is sent before consent\n\n');
  });
});

describe('applyArmChange', () => {
  const refused = (status: number, code: string, message: string) => () => {
    throw new ArmError(status, code, message);
  };

  it('sends each request once in order and says what Azure must still do', async () => {
    const { arm, calls } = fakeArm();
    expect(await applyArmChange(arm, change(feature, 'AZ002'), noSleep)).toEqual({ change: change(feature, 'AZ002'), ok: true, message: `${feature.title}: accepted by ARM; wait for ${feature.waitFor}` });
    expect(calls).toEqual(feature.requests.map((r) => [r.method, r.path, r.apiVersion, undefined]));
    const plain: ArmFixAction = { kind: 'arm', title: 'plain', requests: [provider.requests[0]] };
    expect((await applyArmChange(fakeArm().arm, change(plain), noSleep)).message).toBe('plain: accepted by ARM');
  });

  it('stops at the first refusal: 409 and 403 each in one line, other statuses and transport errors too', async () => {
    const first = feature.requests[0].path;
    const cases: Array<[() => unknown, string]> = [
      [refused(409, 'Conflict', '409 Conflict: Another operation is in progress'), '409 Conflict: Another operation is in progress; another operation holds the resource; nothing was retried; run arcdoctor fix --azure again once it ends'],
      [refused(403, 'AuthorizationFailed', '403 AuthorizationFailed: no'), '403 AuthorizationFailed: no; the identity may not make this change (it needs e.g. Contributor on the resource or subscription); nothing was retried'],
      [refused(500, 'InternalServerError', '500 InternalServerError: oops'), '500 InternalServerError: oops; nothing was retried'],
      [() => { throw new Error('socket hang up'); }, 'failed: socket hang up; nothing was retried'],
    ];
    for (const [write, line] of cases) {
      const { arm, calls } = fakeArm(write);
      expect(await applyArmChange(arm, change(feature), noSleep)).toEqual({ change: change(feature), ok: false, message: `POST ${first}: ${line}` });
      expect(calls).toHaveLength(1);
    }
  });

  it('polls a PATCH to Succeeded, a progress line per poll, sleeping the interval between polls', async () => {
    const sleeps: number[] = [];
    const lines: string[] = [];
    const { arm, calls } = fakeArm(() => ({}), (n) => ({ properties: { provisioningState: n < 3 ? 'Updating' : 'Succeeded' } }));
    const out = await applyArmChange(arm, change(kubelet), { timeoutMs: 60_000, intervalMs: 7, progress: (l) => lines.push(l), sleep: async (ms) => void sleeps.push(ms) });
    expect(out).toEqual({ change: change(kubelet), ok: true, message: `${kubelet.title}: provisioningState Succeeded` });
    expect(calls).toEqual([['PATCH', EXT, '2023-05-01', { properties: { configurationSettings: { useKubeletIdentity: 'true' } } }], ['GET', EXT, '2023-05-01'], ['GET', EXT, '2023-05-01'], ['GET', EXT, '2023-05-01']]);
    expect(lines).toEqual([1, 2].map((n) => `arcdoctor: flux: provisioningState Updating (poll ${n})`).concat('arcdoctor: flux: provisioningState Succeeded (poll 3)'));
    expect(sleeps).toEqual([7, 7]);
  });

  it('end states in any case: Succeeded is done, Failed and Canceled are failures; the default interval is 5 s', async () => {
    const state = async (s: string) => {
      const sleeps: number[] = [];
      const out = await applyArmChange(fakeArm(() => ({}), (n) => ({ properties: { provisioningState: n === 1 ? 'Creating' : s } })).arm, change(kubelet), { timeoutMs: 60_000, sleep: async (ms) => void sleeps.push(ms) });
      return [out.ok, out.message.slice(kubelet.title.length + 2), sleeps];
    };
    expect(await state('SUCCEEDED')).toEqual([true, 'provisioningState Succeeded', [5000]]);
    expect(await state('Failed')).toEqual([false, 'provisioningState Failed', [5000]]);
    expect(await state('canceled')).toEqual([false, 'provisioningState canceled', [5000]]);
  });

  it('a resource without properties reads as unknown, never as done', async () => {
    const out = await applyArmChange(fakeArm(() => ({}), () => ({})).arm, change(kubelet), { timeoutMs: 0, sleep: async () => {} });
    expect(out.message).toBe(`${kubelet.title}: provisioningState still unknown after 0s; not verified (az k8s-extension show ... --query provisioningState)`);
  });

  it('a failed read is not verified, never done', async () => {
    const out = await applyArmChange(fakeArm(() => ({}), () => { throw new Error('503 ServiceUnavailable'); }).arm, change(kubelet), noSleep);
    expect(out).toEqual({ change: change(kubelet), ok: false, message: `${kubelet.title}: sent, but provisioningState could not be read (503 ServiceUnavailable); not verified` });
  });

  it('polling is bounded by timeoutMs: the last poll is the one after which the next would pass the bound', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T12:00:00Z'));
    const sleep = async (ms: number) => void vi.setSystemTime(Date.now() + ms);
    const { arm, calls } = fakeArm(() => ({}), () => undefined);
    const out = await applyArmChange(arm, change(kubelet), { timeoutMs: 10_000, intervalMs: 5000, sleep });
    expect(out.message).toBe(`${kubelet.title}: provisioningState still unknown after 10s; not verified (az k8s-extension show ... --query provisioningState)`);
    expect(out.ok).toBe(false);
    expect(calls.filter((c) => c[0] === 'GET')).toHaveLength(3);
    const slow = fakeArm(() => ({}), () => ({ properties: { provisioningState: 'Updating' } }));
    expect((await applyArmChange(slow.arm, change(kubelet), { timeoutMs: 12_600, intervalMs: 5000, sleep })).message).toBe(`${kubelet.title}: provisioningState still Updating after 13s; not verified (az k8s-extension show ... --query provisioningState)`);
    expect(slow.calls.filter((c) => c[0] === 'GET')).toHaveLength(3);
  });
});

describe('sendUndo, the undo record and the recorded apply', () => {
  it('sendUndo sends the recorded request once: restored, or the refusal line', async () => {
    const { arm, calls } = fakeArm();
    expect(await sendUndo(arm, kubelet.undo!)).toEqual({ ok: true, message: `PATCH ${EXT}: restored` });
    expect(calls).toEqual([['PATCH', EXT, '2023-05-01', { properties: { configurationSettings: { useKubeletIdentity: 'false' } } }]]);
    const busy = fakeArm(() => { throw new ArmError(409, 'Conflict', '409 Conflict: busy'); });
    expect(await sendUndo(busy.arm, kubelet.undo!)).toEqual({ ok: false, message: `PATCH ${EXT}: 409 Conflict: busy; another operation holds the resource; nothing was retried; run arcdoctor fix --azure again once it ends` });
  });

  it('armUndoEntries records each change planned, with its requests and undo or why not', () => {
    expect(armUndoEntries([change(kubelet), change(provider, 'AZ001')])).toEqual([
      { checkId: 'AZ003', title: kubelet.title, requests: kubelet.requests, state: 'planned', undo: kubelet.undo, notUndoable: undefined },
      { checkId: 'AZ001', title: provider.title, requests: provider.requests, state: 'planned', undo: undefined, notUndoable: provider.notUndoable },
    ]);
  });

  it('applyArmRecorded marks each entry, prints one line each, saves after each, and stops when it cannot save', async () => {
    const changes = [change(provider, 'AZ001'), change(feature, 'AZ002')];
    const entries = armUndoEntries(changes);
    const lines: string[] = [];
    let saves = 0;
    const { arm } = fakeArm((p) => { if (p.includes('Microsoft.Features')) throw new ArmError(403, 'AuthorizationFailed', '403 AuthorizationFailed: no'); return {}; });
    const run = { changes, client: arm, poll: noSleep };
    const out = await applyArmRecorded(run, entries, (t) => lines.push(t), () => (saves++, true));
    expect(out?.map((o) => [o.change.checkId, o.ok])).toEqual([['AZ001', true], ['AZ002', false]]);
    expect(entries.map((e) => e.state)).toEqual(['applied', 'failed']);
    expect(saves).toBe(2);
    expect(lines).toEqual([`changed: ${provider.title}: accepted by ARM; wait for ${provider.waitFor}\n`, `FAILED: POST ${feature.requests[0].path}: 403 AuthorizationFailed: no; the identity may not make this change (it needs e.g. Contributor on the resource or subscription); nothing was retried\n`]);
    const sent = fakeArm();
    const stopped = armUndoEntries(changes);
    expect(await applyArmRecorded({ changes, client: sent.arm, poll: noSleep }, stopped, () => {}, () => false)).toBeUndefined();
    expect(sent.calls).toHaveLength(1);
    expect(stopped.map((e) => e.state)).toEqual(['applied', 'planned']);
  });
});
