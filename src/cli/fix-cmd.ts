// `arcdoctor fix`: applies the fixable checks' changes, server-side dry-run first, then with consent (issue #4).
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { CheckDefinition } from '../checks/define.js';
import { AREA_DEFINITIONS, CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { runChecks } from '../engine/run.js';
import { apply, dryRun, restore, type ChangeOutcome, type UndoFile } from '../fix/apply.js';
import { describeTarget, kubectlEquivalent, plannedChanges, type PlannedChange } from '../fix/changes.js';
import type { Connection } from '../sources/live.js';
import { planReads } from '../sources/live/plan.js';
import { addReadLimitOptions, collectCsv, KUBECONFIG_OPTION, readLimits, validateIds, type ClusterReadFlags } from './options.js';
import { progressReporter } from './progress.js';
import { VERSION } from './version.js';

export interface FixFlags extends ClusterReadFlags {
  context?: string;
  check: string[];
  dryRun?: boolean;
  yes?: boolean;
  undo?: string;
  undoOut?: string;
}

export interface FixIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks the person at the terminal; undefined when there is none. */
  ask?: (question: string) => Promise<boolean>;
}

export function registerFix(program: Command): void {
  const cmd = program
    .command('fix')
    .description('apply the safe fixes: a server-side dry-run first, then with consent')
    .option(...KUBECONFIG_OPTION)
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--check <ids>', 'only these fixable checks (comma-separated)', collectCsv, [])
    .option('--dry-run', 'stop after the server-side dry-run; change nothing')
    .option('--yes', 'apply without asking (for scripts)')
    .option('--undo <file>', 'put back the objects an earlier fix changed, from its undo file')
    .option('--undo-out <file>', 'where to write the undo file (default: arcdoctor-undo-CONTEXT-TIME.json)');
  addReadLimitOptions(cmd, { timeout: 'bound the whole run', concurrency: 'parallel API requests' })
    .addHelpText('after', '\nExit codes: 0 done (or nothing to fix), 1 a change was refused, 2 bad usage or no consent, 3 cluster unreachable.')
    .action(async (flags: FixFlags) => {
      process.exitCode = await runFix(flags, terminalIO());
    });
}

function terminalIO(): FixIO {
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

/** `catalog` is the registry; tests pass their own fixable checks. */
export async function runFix(flags: FixFlags, io: FixIO, catalog: CheckDefinition[] = CHECKS): Promise<number> {
  const { timeoutMs, concurrency } = readLimits(flags, 120);
  if (flags.undo) return runUndo(flags, io, timeoutMs, concurrency);
  const checks = selectFixable(flags, catalog);
  if (checks.length === 0) {
    io.out('No check in this build can fix anything automatically.\n');
    return 0;
  }
  const { connect, readWith } = await import('../sources/live.js');
  const conn = await connect({ kubeconfig: flags.kubeconfig, context: flags.context, concurrency, timeoutMs });
  try {
    const progress = progressReporter(process.stderr, false);
    const snap = await readWith(conn, planReads(checks), { concurrency, progress });
    progress.done();
    const report = runChecks(snap, { checks: catalog, areas: AREA_DEFINITIONS, selected: new Set(checks.map((c) => c.id)), suppressions: [], failOn: 'fail', now: new Date(), target: { kind: 'cluster', name: conn.context }, version: VERSION });
    const changes = plannedChanges(report);
    if (changes.length === 0) {
      io.out(`Nothing to fix on ${conn.context}: ${checks.map((c) => c.id).join(', ')} found no fixable problem.\n`);
      return 0;
    }
    io.out(`${changes.length} change(s) proposed on ${conn.context} (${conn.server}):\n\n`);
    const accepted = await dryRunEach(conn, changes, io);
    if (flags.dryRun) {
      io.out(`Dry run only: nothing was changed (${accepted.length} of ${changes.length} would apply).\n`);
      return accepted.length === changes.length ? 0 : 1;
    }
    if (accepted.length === 0) {
      io.err('arcdoctor: the server refused every change on dry run; nothing was changed\n');
      return 1;
    }
    const answer = await consent(flags, io, `Apply ${accepted.length} change(s) to ${conn.context}? [y/N] `);
    if (answer !== 'yes') return answer;
    const applied = await applyEach(conn, accepted, io);
    const undoPath = writeUndo(flags, conn.context, applied);
    if (undoPath) io.out(`\nUndo file: ${undoPath} (arcdoctor fix --context ${conn.context} --undo ${undoPath})\n`);
    return applied.every((a) => a.ok) && accepted.length === changes.length ? 0 : 1;
  } finally {
    conn.client.close();
  }
}

/** The fixable checks --check names (all of them without it); naming a check that cannot fix is a usage error. */
function selectFixable(flags: FixFlags, catalog: CheckDefinition[]): CheckDefinition[] {
  const ids = catalog === CHECKS ? validateIds('--check', flags.check ?? []) : (flags.check ?? []).map((id) => id.toUpperCase());
  const notFixable = ids.filter((id) => !catalog.find((c) => c.id === id)?.fixable);
  if (notFixable.length) throw new UsageError(`--check ${notFixable.join(',')}: not fixable (see arcdoctor checks list)`);
  return catalog.filter((c) => c.fixable && (ids.length === 0 || ids.includes(c.id)));
}

/** Server-side dry-run of every change, each printed with its kubectl equivalent; returns the accepted ones. */
async function dryRunEach(conn: Connection, changes: PlannedChange[], io: FixIO): Promise<ChangeOutcome[]> {
  const accepted: ChangeOutcome[] = [];
  for (const [i, change] of changes.entries()) {
    const outcome = await dryRun(conn.client, change);
    if (outcome.ok) accepted.push(outcome);
    io.out(`${i + 1}. [${change.checkId}] ${change.action.title}\n   object:  ${describeTarget(change.action.target)}\n   command: ${kubectlEquivalent(change)}\n`);
    if (change.action.warning) io.out(`   WARNING: ${change.action.warning}\n`);
    io.out(`   dry run: ${outcome.ok ? 'accepted by the server' : 'REFUSED: ' + outcome.message}\n\n`);
  }
  return accepted;
}

async function applyEach(conn: Connection, accepted: ChangeOutcome[], io: FixIO): Promise<ChangeOutcome[]> {
  const applied: ChangeOutcome[] = [];
  for (const d of accepted) {
    const outcome = await apply(conn.client, d.change);
    applied.push(outcome);
    io.out(`${outcome.ok ? 'changed' : 'FAILED'}: ${outcome.message}\n`);
  }
  return applied;
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

function writeUndo(flags: FixFlags, context: string, applied: ChangeOutcome[]): string | undefined {
  const seen = new Set<string>();
  const objects = applied.filter((a) => a.ok && a.before).map((a) => a.before!).filter((o) => {
    const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (objects.length === 0) return undefined;
  const undo: UndoFile = { arcdoctorUndo: 1, context, createdAt: new Date().toISOString(), objects };
  const path = flags.undoOut ?? `arcdoctor-undo-${context.replace(/[^\w.-]/g, '_')}-${undo.createdAt.replace(/[:.]/g, '-')}.json`;
  writeFileSync(path, JSON.stringify(undo, null, 2) + '\n');
  return path;
}

async function runUndo(flags: FixFlags, io: FixIO, timeoutMs: number, concurrency: number): Promise<number> {
  let undo: UndoFile;
  try {
    undo = JSON.parse(readFileSync(flags.undo!, 'utf8')) as UndoFile;
  } catch (e) {
    throw new UsageError(`--undo ${flags.undo}: not a readable undo file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]})`);
  }
  if (undo?.arcdoctorUndo !== 1 || !Array.isArray(undo.objects)) throw new UsageError(`--undo ${flags.undo}: not an arcdoctor undo file`);
  const { connect } = await import('../sources/live.js');
  const conn = await connect({ kubeconfig: flags.kubeconfig, context: flags.context ?? undo.context, concurrency, timeoutMs });
  try {
    io.out(`Restoring ${undo.objects.length} object(s) on ${conn.context} to their state of ${undo.createdAt}:\n`);
    const checked = await restore(conn.client, undo, true);
    for (const c of checked) io.out(`  ${c.ok ? '' : 'REFUSED: '}${c.message}\n`);
    if (flags.dryRun) return checked.every((c) => c.ok) ? 0 : 1;
    const answer = await consent(flags, io, `Restore ${undo.objects.length} object(s) on ${conn.context}? [y/N] `);
    if (answer !== 'yes') return answer;
    const done = await restore(conn.client, undo, false);
    for (const d of done) io.out(`${d.ok ? 'restored' : 'FAILED'}: ${d.message}\n`);
    return done.every((d) => d.ok) ? 0 : 1;
  } finally {
    conn.client.close();
  }
}
