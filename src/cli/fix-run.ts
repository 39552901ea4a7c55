// `arcdoctor fix`, run: loaded by the action of fix-cmd.ts (and by its runFix, which tests call).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { CheckDefinition } from '../checks/define.js';
import { MESH_CONFIG_FIELDS } from '../checks/osm/meshconfig.js';
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { apply, dryRun, type ChangeOutcome, type WrittenVersions } from '../fix/apply.js';
import { describeTarget, kubectlEquivalent, plannedChanges, type PlannedChange } from '../fix/changes.js';
import { restore, restoreSteps, saveUndo, upgradeUndo, type UndoEntry, type UndoFile } from '../fix/undo.js';
import { beforeAfter, readAndRun } from '../fix/verify.js';
import { waitForChanges } from '../fix/wait.js';
import { applyArmRecorded, armUndoEntries, describeArmChange, plannedArmChanges, startArmRun, undoArm, type ArmConnectOptions, type ArmOutcome, type ArmRun } from '../fix/azure.js';
import { attachAzure, withAzureDiscoveryReads } from '../sources/azure-attach.js';
import { armEndpointFor } from '../sources/azure-cloud.js';
import type { Connection } from '../sources/live.js';
import type { FixFlags, FixIO } from './fix-cmd.js';
import { azureTargetOf, readLimits } from './options.js';
import { progressReporter } from './progress.js';
import { validateIds } from './selection.js';

export function terminalIO(): FixIO {
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    ask: interactive
      ? async (q) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(q)).trim());
          } finally {
            rl.close();
          }
        }
      : undefined,
  };
}

/** `catalog` is the registry; tests pass their own fixable checks (and `azureOpts`: a token and the stand-in's CA). */
export async function runFix(flags: FixFlags, io: FixIO, catalog: CheckDefinition[] = CHECKS, azureOpts: Partial<ArmConnectOptions> = {}): Promise<number> {
  const { timeoutMs, concurrency } = readLimits(flags, 120);
  // Bad --azure-cloud / ARCDOCTOR_ARM_ENDPOINT / target flags exit 2 before anything is read.
  const armOpts: ArmConnectOptions | undefined = flags.azure || flags.undo ? { endpoint: azureOpts.endpoint ?? armEndpointFor(flags.azureCloud), ...azureOpts, timeoutMs } : undefined;
  const azureTarget = flags.azure ? azureTargetOf(flags) : undefined;
  if (flags.undo) return runUndo(flags, io, timeoutMs, concurrency, armOpts);
  const checks = selectFixable(flags, catalog);
  const unknownKeys = (flags.meshconfigReset ?? []).filter((k) => !MESH_CONFIG_FIELDS.some((f) => f.path === k));
  if (unknownKeys.length) throw new UsageError(`--meshconfig-reset ${unknownKeys.join(',')}: not a MeshConfig key arcdoctor knows (e.g. ${MESH_CONFIG_FIELDS[0].path})`);
  if (checks.length === 0) {
    io.out('No check in this build can fix anything automatically.\n');
    return 0;
  }
  const { connect } = await import('../sources/live.js');
  const conn = await connect({ kubeconfig: flags.kubeconfig, context: flags.context, concurrency, timeoutMs });
  try {
    const progress = progressReporter(process.stderr, false);
    // FLUX005 (area flux) reads Azure too: the Azure read is gated on any selected check that declares ARM types.
    const armReader = checks.find((c) => c.azure?.length);
    const gate: CheckDefinition[] = armOpts && armReader ? [{ ...armReader, area: 'azure' }] : [];
    const attach = gate.length ? (s: import('../snapshot/snapshot.js').Snapshot) => attachAzure(s, { kind: 'cluster', target: azureTarget, checks: gate, cloud: flags.azureCloud, read: { credential: azureOpts.credential, ca: azureOpts.ca, endpoint: armOpts!.endpoint } }) : undefined;
    const readChecks = [...checks, ...withAzureDiscoveryReads(gate, azureTarget).slice(gate.length)];
    const { snap, report } = await readAndRun(conn, readChecks, catalog, { concurrency, progress, attach });
    progress.done();
    const changes = plannedChanges(report, snap, new Set(flags.meshconfigReset ?? []));
    const armChanges = plannedArmChanges(report);
    if (!armOpts && armChanges.length) io.out(`${armChanges.length} Azure change(s) (${armChanges.map((c) => c.checkId).join(', ')}) not planned: pass --azure to see and apply them.\n`);
    const azure = armOpts ? armChanges : [];
    if (changes.length === 0 && azure.length === 0) {
      io.out(`Nothing to fix on ${conn.context}: ${checks.map((c) => c.id).join(', ')} found no fixable problem.\n`);
      return 0;
    }
    io.out(`${changes.length} change(s) proposed on ${conn.context} (${conn.server})${azure.length ? ` and ${azure.length} in Azure (${armOpts!.endpoint})` : ''}:\n\n`);
    const accepted = await dryRunEach(conn, changes, io);
    for (const [i, c] of azure.entries()) io.out(describeArmChange(changes.length + i + 1, c, armOpts!.endpoint));
    if (flags.dryRun) {
      io.out(`Dry run only: nothing was changed (${accepted.length} of ${changes.length} would apply${azure.length ? `; the ${azure.length} Azure request(s) were not sent` : ''}).\n`);
      return accepted.length === changes.length ? 0 : 1;
    }
    if (accepted.length === 0 && azure.length === 0) {
      io.err('arcdoctor: the server refused every change on dry run; nothing was changed\n');
      return 1;
    }
    const answer = await consent(flags, io, `Apply ${accepted.length} change(s) to ${conn.context}${azure.length ? ` and ${azure.length} in Azure` : ''}? [y/N] `);
    if (answer !== 'yes') return answer;
    const arm = azure.length ? await startArmRun(azure, armOpts!, timeoutMs, (l) => io.err(`${l}\n`)) : undefined;
    const applied = await applyRecorded(flags, conn, accepted, io, arm);
    if (typeof applied === 'number') return applied;
    await afterApply(flags, conn, applied.cluster, io, { checks: readChecks, catalog, before: report, concurrency, timeoutMs, attach, armIds: applied.azure.filter((a) => a.ok).flatMap((a) => [a.change.checkId, ...a.change.alsoFor]) });
    return applied.cluster.every((a) => a.ok) && applied.azure.every((a) => a.ok) && accepted.length === changes.length ? 0 : 1;
  } finally {
    conn.client.close();
  }
}

/** The fixable checks --check names (all of them without it); naming a check that cannot fix is a usage error. */
function selectFixable(flags: FixFlags, catalog: CheckDefinition[]): CheckDefinition[] {
  const ids = catalog === CHECKS ? validateIds('--check', flags.check ?? []) : (flags.check ?? []).map((id) => id.toUpperCase());
  const notFixable = ids.filter((id) => !catalog.find((c) => c.id === id)?.fixable);
  if (notFixable.length) throw new UsageError(`--check ${notFixable.join(',')}: not fixable (see arcdoctor checks list)`);
  // The AZ checks only fix through ARM: without --azure they are not run at all.
  const azureOnly = ids.filter((id) => catalog.find((c) => c.id === id)?.area === 'azure');
  if (!flags.azure && azureOnly.length) throw new UsageError(`--check ${azureOnly.join(',')}: fixes Azure resources; pass --azure`);
  return catalog.filter((c) => c.fixable && (flags.azure || c.area !== 'azure') && (ids.length === 0 || ids.includes(c.id)));
}

/** Server-side dry-run of every change, each printed with its kubectl equivalent; returns the accepted ones. */
async function dryRunEach(conn: Connection, changes: PlannedChange[], io: FixIO): Promise<ChangeOutcome[]> {
  const accepted: ChangeOutcome[] = [];
  for (const [i, change] of changes.entries()) {
    const outcome = await dryRun(conn.client, change);
    if (outcome.ok) accepted.push(outcome);
    io.out(`${i + 1}. [${[change.checkId, ...change.alsoFor].join(', ')}] ${change.action.title}\n   object:  ${describeTarget(change.action.target)}${change.resourceVersion ? ` (resourceVersion ${change.resourceVersion})` : change.existed ? '' : ' (does not exist yet: created)'}\n   command: ${kubectlEquivalent(change)}\n`);
    if (change.action.warning) io.out(`   WARNING: ${change.action.warning}\n`);
    if (change.action.notUndoable) io.out(`   undo:    NOT UNDOABLE: ${change.action.notUndoable}\n`);
    io.out(`   dry run: ${outcome.ok ? 'accepted by the server' : 'REFUSED: ' + outcome.message}\n\n`);
  }
  return accepted;
}

/** Writes the undo record (fsynced) before the first change and after each one; nothing is applied without it. */
async function applyRecorded(flags: FixFlags, conn: Connection, accepted: ChangeOutcome[], io: FixIO, arm?: ArmRun): Promise<{ cluster: ChangeOutcome[]; azure: ArmOutcome[] } | number> {
  const createdAt = new Date().toISOString();
  const path = flags.undoOut ?? `arcdoctor-undo-${conn.context.replace(/[^\w.-]/g, '_')}-${createdAt.replace(/[:.]/g, '-')}.json`;
  const entries: UndoEntry[] = accepted.map((d) => ({
    checkId: d.change.checkId,
    title: d.change.action.title,
    target: d.change.action.target,
    before: d.before,
    state: 'planned',
    notUndoable: d.change.action.notUndoable ?? (d.before ? undefined : `created by fix; arcdoctor never deletes (to remove it: kubectl delete ${d.change.action.target.kind.toLowerCase()} ${d.change.action.target.name})`),
  }));
  const azure = armUndoEntries(arm?.changes ?? []);
  const undo: UndoFile = { arcdoctorUndo: 2, context: conn.context, createdAt, entries, ...(azure.length ? { azure } : {}) };
  try {
    saveUndo(path, undo);
  } catch (e) {
    io.err(`arcdoctor: --undo-out ${path}: cannot write the undo record (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was changed\n`);
    return 2;
  }
  const written: WrittenVersions = new Map();
  const applied: ChangeOutcome[] = [];
  for (const [i, d] of accepted.entries()) {
    const outcome = await apply(conn.client, d, written);
    applied.push(outcome);
    entries[i].state = outcome.ok ? 'applied' : 'failed';
    entries[i].afterResourceVersion = outcome.after?.metadata.resourceVersion;
    io.out(`${outcome.ok ? 'changed' : 'FAILED'}: ${outcome.message}\n`);
    if (!update(path, undo, io, `stopping after ${i + 1} change(s)`)) return 1;
  }
  const armApplied: ArmOutcome[] | undefined = arm ? await applyArmRecorded(arm, azure, io.out, () => update(path, undo, io, 'stopping')) : [];
  if (!armApplied) return 1;
  io.out(`\nUndo file: ${path} (arcdoctor fix --context ${conn.context} --undo ${path})\n`);
  return { cluster: applied, azure: armApplied };
}

/** Saves the undo record after a change; false (and one line) when it cannot be, so the run stops. */
function update(path: string, undo: UndoFile, io: FixIO, stopping: string): boolean {
  try {
    saveUndo(path, undo);
    return true;
  } catch (e) {
    io.err(`arcdoctor: ${path}: cannot update the undo record (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${stopping}\n`);
    return false;
  }
}

interface VerifyContext {
  checks: CheckDefinition[];
  catalog: CheckDefinition[];
  before: import('../engine/report-model.js').Report;
  concurrency: number;
  timeoutMs: number;
  attach?: (snap: import('../snapshot/snapshot.js').Snapshot) => Promise<import('../snapshot/snapshot.js').Snapshot>;
  /** Checks whose Azure change was applied: re-checked too. */
  armIds: string[];
}

/** What controllers must still do, `--wait` for it, then the affected checks re-run: before → after. */
async function afterApply(flags: FixFlags, conn: Connection, applied: ChangeOutcome[], io: FixIO, v: VerifyContext): Promise<void> {
  const done = applied.filter((a) => a.ok);
  if (done.length === 0 && v.armIds.length === 0) return;
  const waits = [...new Set(done.flatMap((a) => (a.change.action.waitFor ? [a.change.action.waitFor] : [])))];
  if (waits.length) io.out(`\nStill to happen in the cluster:\n${waits.map((w) => `  - ${w}\n`).join('')}`);
  if (flags.wait) {
    const lines = await waitForChanges(conn.client, done, { timeoutMs: v.timeoutMs, progress: (l) => io.err(`${l}\n`) });
    for (const l of lines) io.out(`  ${l}\n`);
  }
  const ids = [...new Set([...done.flatMap((a) => [a.change.checkId, ...a.change.alsoFor]), ...v.armIds])];
  const after = await readAndRun(conn, v.checks, v.catalog, { concurrency: v.concurrency, attach: v.attach });
  io.out(`\nRe-checked:\n${beforeAfter(v.before, after.report, ids).map((l) => `  ${l}\n`).join('')}`);
}

/** 'yes', or the exit code: 2 when nobody can be asked (a script without --yes), 0 when the person declined. */
async function consent(flags: FixFlags, io: FixIO, question: string): Promise<'yes' | number> {
  if (flags.yes) return 'yes';
  if (!io.ask) {
    io.err('arcdoctor: not a terminal, so nobody can confirm: nothing was changed; pass --yes to apply (or --dry-run to only check)\n');
    return 2;
  }
  if (await io.ask(question)) return 'yes';
  io.err('arcdoctor: declined; nothing was changed\n');
  return 0;
}

async function runUndo(flags: FixFlags, io: FixIO, timeoutMs: number, concurrency: number, armOpts?: ArmConnectOptions): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(flags.undo!, 'utf8'));
  } catch (e) {
    throw new UsageError(`--undo ${flags.undo}: not a readable undo file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]})`);
  }
  const undo = upgradeUndo(raw);
  if (!undo) throw new UsageError(`--undo ${flags.undo}: not an arcdoctor undo file`);
  // A version-1 file records no version after the fix, so its objects are refused without --force.
  const force = Boolean(flags.force);
  const steps = restoreSteps(undo);
  const azureCode = armOpts && undo.azure?.length ? await undoArm(undo.azure, armOpts, { out: io.out, consent: (q) => consent(flags, io, q), dryRun: flags.dryRun }) : 0;
  if (steps.length === 0) return azureCode;
  const { connect } = await import('../sources/live.js');
  const conn = await connect({ kubeconfig: flags.kubeconfig, context: flags.context ?? undo.context, concurrency, timeoutMs });
  try {
    io.out(`Restoring ${steps.length} object(s) on ${conn.context} to their state of ${undo.createdAt}:\n`);
    const checked = await restore(conn.client, steps, { dry: true, force });
    for (const c of checked) io.out(`  ${c.ok ? '' : 'REFUSED: '}${c.message}\n`);
    const restorable = checked.filter((c) => c.ok && !c.skipped).length;
    if (flags.dryRun || restorable === 0) return checked.every((c) => c.ok) ? 0 : 1;
    const answer = await consent(flags, io, `Restore ${restorable} object(s) on ${conn.context}? [y/N] `);
    if (answer !== 'yes') return answer;
    const done = await restore(conn.client, steps.filter((_, i) => checked[i].ok && !checked[i].skipped), { dry: false, force });
    for (const d of done) io.out(`${d.ok ? 'restored' : 'FAILED'}: ${d.message}\n`);
    return done.every((d) => d.ok) && checked.every((c) => c.ok) ? 0 : 1;
  } finally {
    conn.client.close();
  }
}
