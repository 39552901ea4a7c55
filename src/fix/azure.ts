// `arcdoctor fix --azure`: the checks' ARM changes (provider and feature registrations, the microsoft.flux
// extension's useKubeletIdentity PATCH). ARM has no dry-run, so the exact requests are shown before consent; each
// request is sent once (a 409 or 403 is reported in one line, nothing is retried) and a PATCH is polled to an end state.
import type { TokenCredential } from '@azure/identity';
import type { ArmFixAction, ArmRequest } from '../checks/define.js';
import type { Report } from '../engine/report-model.js';
import { ArmError, createArmReader, type ArmWriter } from '../sources/azure-arm-client.js';
import type { ArmUndoEntry } from './undo.js';

export interface ArmChange {
  checkId: string;
  /** Other checks that proposed the very same requests (AZ003 and FLUX005 both PATCH useKubeletIdentity). */
  alsoFor: string[];
  action: ArmFixAction;
}

export interface ArmOutcome {
  change: ArmChange;
  ok: boolean;
  message: string;
}

export interface ArmConnectOptions {
  endpoint: string;
  /** Tests pass a static token and the stand-in's CA; otherwise DefaultAzureCredential, as `check` uses. */
  credential?: TokenCredential;
  ca?: string | Buffer;
  timeoutMs?: number;
  /** Between provisioningState polls (default 5 s). */
  pollIntervalMs?: number;
}

export interface PollOptions {
  /** Bound on polling provisioningState. */
  timeoutMs: number;
  intervalMs?: number;
  progress?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

const END_STATES = new Set(['succeeded', 'failed', 'canceled']);

/** The ARM changes of failing results, once each (the first check that proposed one owns it). */
export function plannedArmChanges(report: Report): ArmChange[] {
  const out: ArmChange[] = [];
  const seen = new Map<string, ArmChange>();
  for (const r of report.results) {
    if (r.suppressed || r.status === 'pass' || r.status === 'skip' || r.status === 'error') continue;
    for (const action of r.fixes ?? []) {
      if (action.kind !== 'arm') continue;
      const key = JSON.stringify(action.requests);
      const earlier = seen.get(key);
      if (earlier) {
        if (earlier.checkId !== r.id && !earlier.alsoFor.includes(r.id)) earlier.alsoFor.push(r.id);
        continue;
      }
      const change: ArmChange = { checkId: r.id, alsoFor: [], action };
      seen.set(key, change);
      out.push(change);
    }
  }
  return out;
}

export function requestUrl(endpoint: string, r: ArmRequest): string {
  return `${endpoint.replace(/\/+$/, '')}${r.path}?api-version=${encodeURIComponent(r.apiVersion)}`;
}

/** The exact request line and body, as printed before consent. */
export function describeRequest(endpoint: string, r: ArmRequest): string {
  return `${r.method} ${requestUrl(endpoint, r)}${r.body === undefined ? '' : `\n            body: ${JSON.stringify(r.body)}`}`;
}

/** The lines shown for one change before consent: every request, then what undo does (or why it cannot). */
export function describeArmChange(n: number, change: ArmChange, endpoint: string): string {
  const a = change.action;
  const lines = [`${n}. [${[change.checkId, ...change.alsoFor].join(', ')}] ${a.title} (Azure)`];
  for (const r of a.requests) lines.push(`   request: ${describeRequest(endpoint, r)}`);
  if (a.poll) lines.push(`   then:    poll provisioningState of ${a.poll.path} to Succeeded or Failed`);
  if (a.warning) lines.push(`   WARNING: ${a.warning}`);
  lines.push(a.undo ? `   undo:    ${describeRequest(endpoint, a.undo)}` : `   undo:    NOT UNDOABLE: ${a.notUndoable ?? 'no undo recorded'}`);
  lines.push('   dry run: none: ARM has no dry-run; nothing is sent before consent');
  return lines.join('\n') + '\n\n';
}

/** One ARM client for the run; maxAttempts 1: a write is never re-sent, even on 429/503. */
export async function connectArm(opts: ArmConnectOptions): Promise<ArmWriter> {
  const credential = opts.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
  return createArmReader({ credential, endpoint: opts.endpoint, ca: opts.ca, maxAttempts: 1, timeoutMs: opts.timeoutMs });
}

/** Sends the change's requests in order (stopping at the first refusal), then polls when it says so. */
export async function applyArmChange(arm: ArmWriter, change: ArmChange, poll: PollOptions): Promise<ArmOutcome> {
  const a = change.action;
  for (const r of a.requests) {
    try {
      await arm.write(r.method, r.path, r.apiVersion, r.body);
    } catch (e) {
      return { change, ok: false, message: refusal(r, e) };
    }
  }
  if (!a.poll) return { change, ok: true, message: `${a.title}: accepted by ARM${a.waitFor ? `; wait for ${a.waitFor}` : ''}` };
  const state = await pollProvisioning(arm, a.poll, poll);
  return { change, ok: state.ok, message: `${a.title}: ${state.message}` };
}

/** Sends an undo request once (same rules: one line for a refusal, nothing retried). */
export async function sendUndo(arm: ArmWriter, r: ArmRequest): Promise<{ ok: boolean; message: string }> {
  try {
    await arm.write(r.method, r.path, r.apiVersion, r.body);
    return { ok: true, message: `${r.method} ${r.path}: restored` };
  } catch (e) {
    return { ok: false, message: refusal(r, e) };
  }
}

/** One line for a refused request; the status decides what the person is told to do. */
function refusal(r: ArmRequest, e: unknown): string {
  const what = `${r.method} ${r.path}`;
  if (!(e instanceof ArmError)) return `${what}: failed: ${(e as Error).message}; nothing was retried`;
  if (e.status === 409) return `${what}: ${e.message}; another operation holds the resource; nothing was retried; run arcdoctor fix --azure again once it ends`;
  if (e.status === 403) return `${what}: ${e.message}; the identity may not make this change (it needs e.g. Contributor on the resource or subscription); nothing was retried`;
  return `${what}: ${e.message}; nothing was retried`;
}

async function pollProvisioning(arm: ArmWriter, target: { path: string; apiVersion: string }, opts: PollOptions): Promise<{ ok: boolean; message: string }> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = opts.intervalMs ?? 5000;
  const deadline = Date.now() + opts.timeoutMs;
  for (let n = 1; ; n++) {
    let state: string;
    try {
      const res = (await arm.get(target.path, target.apiVersion)) as { properties?: { provisioningState?: string } } | undefined;
      state = String(res?.properties?.provisioningState ?? 'unknown');
    } catch (e) {
      // A failed read says nothing about the change: reported as not verified, never as done.
      return { ok: false, message: `sent, but provisioningState could not be read (${(e as Error).message}); not verified` };
    }
    opts.progress?.(`arcdoctor: ${target.path.split('/').pop()}: provisioningState ${state} (poll ${n})`);
    if (END_STATES.has(state.toLowerCase())) {
      return state.toLowerCase() === 'succeeded' ? { ok: true, message: 'provisioningState Succeeded' } : { ok: false, message: `provisioningState ${state}` };
    }
    if (Date.now() + interval > deadline) return { ok: false, message: `provisioningState still ${state} after ${Math.round(opts.timeoutMs / 1000)}s; not verified (az k8s-extension show ... --query provisioningState)` };
    await sleep(interval);
  }
}

/** One `fix --azure` run's changes, with the client that sends them and how a PATCH is polled. */
export interface ArmRun {
  changes: ArmChange[];
  client: ArmWriter;
  poll: PollOptions;
}

/** Connects once for the run; polling is bounded by the run's --timeout, its progress lines go to `progress`. */
export async function startArmRun(changes: ArmChange[], opts: ArmConnectOptions, timeoutMs: number, progress: (line: string) => void): Promise<ArmRun> {
  return { changes, client: await connectArm(opts), poll: { timeoutMs, intervalMs: opts.pollIntervalMs, progress } };
}

/** The undo record's Azure part, written before any request: each change with its undo request, or why it has none. */
export function armUndoEntries(changes: ArmChange[]): ArmUndoEntry[] {
  return changes.map((c) => ({ checkId: c.checkId, title: c.action.title, requests: c.action.requests, state: 'planned', undo: c.action.undo, notUndoable: c.action.notUndoable }));
}

/**
 * Sends each change in order, records its state in `entries` and saves the undo record after each (`save` false:
 * it could not be saved, so nothing more is sent and the result is undefined).
 */
export async function applyArmRecorded(run: ArmRun, entries: ArmUndoEntry[], out: (text: string) => void, save: () => boolean): Promise<ArmOutcome[] | undefined> {
  const outcomes: ArmOutcome[] = [];
  for (const [i, c] of run.changes.entries()) {
    const outcome = await applyArmChange(run.client, c, run.poll);
    outcomes.push(outcome);
    entries[i].state = outcome.ok ? 'applied' : 'failed';
    out(`${outcome.ok ? 'changed' : 'FAILED'}: ${outcome.message}\n`);
    if (!save()) return undefined;
  }
  return outcomes;
}

export interface ArmUndoIO {
  out: (text: string) => void;
  /** 'yes', or the exit code to end with (no terminal, or declined). */
  consent: (question: string) => Promise<'yes' | number>;
  dryRun?: boolean;
}

/** The Azure part of an undo file: each applied PATCH put back by its recorded request, registrations said as kept. */
export async function undoArm(entries: ArmUndoEntry[], opts: ArmConnectOptions, io: ArmUndoIO): Promise<number> {
  const applied = entries.filter((e) => e.state === 'applied');
  for (const e of applied.filter((x) => !x.undo)) io.out(`  Azure: ${e.title}: not undone: ${e.notUndoable ?? 'no undo recorded'}\n`);
  const undoable = applied.filter((e) => e.undo);
  if (undoable.length === 0) return 0;
  for (const e of undoable) io.out(`  Azure: ${e.title}: undo request ${e.undo!.method} ${opts.endpoint}${e.undo!.path}?api-version=${e.undo!.apiVersion} body ${JSON.stringify(e.undo!.body)}\n`);
  if (io.dryRun) return 0;
  const answer = await io.consent(`Send ${undoable.length} Azure undo request(s)? [y/N] `);
  if (answer !== 'yes') return answer;
  const arm = await connectArm(opts);
  let ok = true;
  for (const e of undoable) {
    const r = await sendUndo(arm, e.undo!);
    ok &&= r.ok;
    io.out(`${r.ok ? 'restored' : 'FAILED'}: ${r.message}\n`);
  }
  return ok ? 0 : 1;
}
