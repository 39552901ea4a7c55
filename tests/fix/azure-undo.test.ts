// src/fix/azure.ts against the HTTPS ARM stand-in: one client per run (never re-sending a write) and the Azure part
// of `fix --undo`: what is said, what is sent, and the exit code.
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { kubeletIdentityFix, registerProviderFix } from '../../src/checks/azure/arm-fixes.js';
import { applyArmRecorded, armUndoEntries, startArmRun, undoArm, type ArmConnectOptions } from '../../src/fix/azure.js';
import type { ArmUndoEntry } from '../../src/fix/undo.js';
import { on, startArmWrites, type WriteStandIn } from './arm-write-stand-in.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const EXT = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/arc1/providers/Microsoft.KubernetesConfiguration/extensions/flux`;
const EXT2 = EXT.replace(/flux$/, 'flux2');
const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const kubelet = kubeletIdentityFix({ type: 'Microsoft.KubernetesConfiguration/extensions', id: EXT, name: 'flux' }, 'false')!;
const kubelet2 = kubeletIdentityFix({ type: 'Microsoft.KubernetesConfiguration/extensions', id: EXT2, name: 'flux2' }, 'true')!;
const provider = registerProviderFix(SUB, 'Microsoft.KubernetesConfiguration');

let arm: WriteStandIn | undefined;
afterEach(async () => {
  await arm?.close();
  arm = undefined;
});
const opts = (): ArmConnectOptions => ({ endpoint: arm!.endpoint, ca: arm!.ca, credential, pollIntervalMs: 3 });
const entry = (action: typeof kubelet, state: ArmUndoEntry['state'], checkId = 'AZ003'): ArmUndoEntry => ({ ...armUndoEntries([{ checkId, alsoFor: [], action }])[0], state });

function io(answer: 'yes' | number = 'yes', dryRun = false) {
  const lines: string[] = [];
  const asked: string[] = [];
  return { out: (t: string) => void lines.push(t), consent: async (q: string) => (asked.push(q), answer), dryRun, lines, asked };
}

describe('startArmRun', () => {
  it('one client, polling bounded by the run timeout at the configured interval, progress to the given sink', async () => {
    arm = await startArmWrites([on('PATCH', EXT, { status: 202 }), on('GET', EXT, (n) => ({ status: 200, body: { properties: { provisioningState: n === 1 ? 'Updating' : 'Succeeded' } } }))]);
    const progress: string[] = [];
    const run = await startArmRun([{ checkId: 'AZ003', alsoFor: [], action: kubelet }], opts(), 30_000, (l) => progress.push(l));
    expect(run.poll.timeoutMs).toBe(30_000);
    expect(run.poll.intervalMs).toBe(3);
    const out = await applyArmRecorded(run, armUndoEntries(run.changes), () => {}, () => true);
    expect(out?.map((o) => o.message)).toEqual([`${kubelet.title}: provisioningState Succeeded`]);
    expect(progress).toEqual(['arcdoctor: flux: provisioningState Updating (poll 1)', 'arcdoctor: flux: provisioningState Succeeded (poll 2)']);
  });

  it('a refused write is sent once, never again (maxAttempts 1), even on 503', async () => {
    arm = await startArmWrites([on('POST', provider.requests[0].path, { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } })]);
    const run = await startArmRun([{ checkId: 'AZ001', alsoFor: [], action: provider }], opts(), 30_000, () => {});
    const out = await applyArmRecorded(run, armUndoEntries(run.changes), () => {}, () => true);
    expect(out?.map((o) => o.ok)).toEqual([false]);
    expect(arm.requests).toHaveLength(1);
  });
});

describe('undoArm', () => {
  const undoLine = (e: typeof kubelet) => `  Azure: ${e.title}: undo request PATCH ${arm!.endpoint}${e.undo!.path}?api-version=2023-05-01 body ${JSON.stringify(e.undo!.body)}\n`;

  it('says which applied changes are kept, shows each undo request, asks once, sends only the applied ones', async () => {
    arm = await startArmWrites([on('PATCH', EXT, { status: 200, body: {} }), on('PATCH', EXT2, { status: 200, body: {} })]);
    const term = io();
    const noRecord = { ...entry(provider, 'applied', 'AZ001'), notUndoable: undefined };
    const entries = [entry(provider, 'applied', 'AZ001'), noRecord, entry(kubelet, 'applied'), entry(kubelet2, 'planned'), entry(kubelet2, 'failed'), entry(kubelet2, 'applied')];
    expect(await undoArm(entries, opts(), term)).toBe(0);
    expect(term.lines).toEqual([
      `  Azure: ${provider.title}: not undone: ${provider.notUndoable}\n`,
      `  Azure: ${provider.title}: not undone: no undo recorded\n`,
      undoLine(kubelet),
      undoLine(kubelet2),
      `restored: PATCH ${EXT}: restored\n`,
      `restored: PATCH ${EXT2}: restored\n`,
    ]);
    expect(term.asked).toEqual(['Send 2 Azure undo request(s)? [y/N] ']);
    expect(arm.requests).toEqual([
      { method: 'PATCH', path: EXT, apiVersion: '2023-05-01', body: { properties: { configurationSettings: { useKubeletIdentity: 'false' } } } },
      { method: 'PATCH', path: EXT2, apiVersion: '2023-05-01', body: { properties: { configurationSettings: { useKubeletIdentity: 'true' } } } },
    ]);
  });

  it('nothing undoable: 0 without asking; --dry-run shows the request and sends nothing; no consent ends with its code', async () => {
    arm = await startArmWrites([]);
    const kept = io();
    expect(await undoArm([entry(provider, 'applied', 'AZ001'), entry(kubelet, 'failed')], opts(), kept)).toBe(0);
    expect(kept.asked).toEqual([]);
    const dry = io('yes', true);
    expect(await undoArm([entry(kubelet, 'applied')], opts(), dry)).toBe(0);
    expect(dry.lines).toEqual([undoLine(kubelet)]);
    expect(dry.asked).toEqual([]);
    expect(await undoArm([entry(kubelet, 'applied')], opts(), io(2))).toBe(2);
    expect(await undoArm([entry(kubelet, 'applied')], opts(), io(0))).toBe(0);
    expect(arm.requests).toEqual([]);
  });

  it('a refused undo is reported and makes the exit 1; the others are still sent', async () => {
    arm = await startArmWrites([on('PATCH', EXT, { status: 409, body: { error: { code: 'Conflict', message: 'busy' } } }), on('PATCH', EXT2, { status: 200, body: {} })]);
    const term = io();
    expect(await undoArm([entry(kubelet, 'applied'), entry(kubelet2, 'applied')], opts(), term)).toBe(1);
    expect(term.lines.slice(2)).toEqual([`FAILED: PATCH ${EXT}: 409 Conflict: busy; another operation holds the resource; nothing was retried; run arcdoctor fix --azure again once it ends\n`, `restored: PATCH ${EXT2}: restored\n`]);
    expect(arm.requests.map((r) => r.path)).toEqual([EXT, EXT2]);
  });
});
