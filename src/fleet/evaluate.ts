// Runs the AZ checks on every cluster's Snapshot (the engine, unchanged) and adds the fleet summary: clusters by
// worst status, each check with the count of clusters it failed, warned or errored on, and the subscriptions.
import type { CheckDefinition } from '../checks/define.js';
import { AREA_DEFINITIONS } from '../checks/registry.js';
import { runChecks } from '../engine/run.js';
import { exitCodeFor, summarize, worstExitCode, type CheckResult, type FailOn, type MultiReport, type Report } from '../engine/report-model.js';
import type { Suppression } from '../engine/suppress.js';
import type { FleetRead, SubscriptionStatus } from './source.js';

export type WorstStatus = 'fail' | 'warn' | 'error' | 'pass' | 'skip';

export interface CheckTally {
  id: string;
  title: string;
  fail: number;
  warn: number;
  error: number;
}

export interface FleetSummary {
  clusters: number;
  /** Clusters by their worst unsuppressed result (fail, then warn, then error; pass when none). */
  byWorstStatus: Record<WorstStatus, number>;
  /** Every selected check with the number of clusters on which it failed, warned or could not decide. */
  checks: CheckTally[];
  subscriptions: SubscriptionStatus[];
  resourceGraphPages: { clusters: number; configurations: number };
  exitCode: number;
}

export interface FleetReport extends MultiReport {
  fleet: FleetSummary;
}

export interface EvaluateOptions {
  checks: CheckDefinition[];
  selected: Set<string>;
  suppressions: Suppression[];
  failOn: FailOn;
  now: Date;
  version: string;
  /** Called every 500 clusters and at the end. */
  progress?: (evaluated: number) => void;
}

export function evaluateFleet(read: FleetRead, opts: EvaluateOptions): FleetReport {
  const targets: Report[] = [];
  for (const cluster of read.clusters) {
    targets.push(runChecks(cluster.snapshot, { ...opts, areas: AREA_DEFINITIONS, target: { kind: 'cluster', name: cluster.id } }));
    if (targets.length % 500 === 0) opts.progress?.(targets.length);
  }
  opts.progress?.(targets.length);
  for (const sub of read.subscriptions.filter((s) => !s.readable)) targets.push(unreadableSubscription(sub, opts));
  const exitCode = worstExitCode(targets.map((t) => t.exitCode));
  const fleet: FleetSummary = {
    clusters: read.clusters.length,
    byWorstStatus: countWorst(targets.slice(0, read.clusters.length)),
    checks: tally(targets, opts),
    subscriptions: read.subscriptions,
    resourceGraphPages: read.pages,
    exitCode,
  };
  return { schemaVersion: 1, targets, fleet };
}

/** A subscription the principal cannot read: its clusters are unknown, so every selected check is an error there. */
function unreadableSubscription(sub: SubscriptionStatus, opts: EvaluateOptions): Report {
  const results: CheckResult[] = opts.checks.map((c) => ({
    id: c.id,
    area: c.area,
    title: c.title,
    fixable: c.fixable,
    docs: `docs/checks/${c.id}.md`,
    guide: c.guide,
    evidence: [],
    suppressed: false,
    selected: opts.selected.has(c.id),
    status: opts.selected.has(c.id) ? 'error' : 'skip',
    message: opts.selected.has(c.id)
      ? `subscription ${sub.id} could not be read, so its clusters are unknown: ${sub.message ?? 'refused'}; the identity needs Reader on the subscription`
      : 'not selected (--area/--check/--skip)',
  }));
  return {
    schemaVersion: 1,
    tool: { name: 'arcdoctor', version: opts.version },
    target: { kind: 'cluster', name: `/subscriptions/${sub.id}` },
    startedAt: opts.now.toISOString(),
    durationMs: 0,
    summary: summarize(results),
    results,
    warnings: [`subscription ${sub.id} not readable: ${sub.message ?? 'refused'}`],
    exitCode: exitCodeFor(results, opts.failOn),
  };
}

export function worstOf(report: Report): WorstStatus {
  const live = report.results.filter((r) => r.selected && !r.suppressed);
  for (const s of ['fail', 'warn', 'error', 'pass'] as const) if (live.some((r) => r.status === s)) return s;
  return 'skip';
}

function countWorst(reports: Report[]): Record<WorstStatus, number> {
  const out: Record<WorstStatus, number> = { fail: 0, warn: 0, error: 0, pass: 0, skip: 0 };
  for (const r of reports) out[worstOf(r)]++;
  return out;
}

function tally(reports: Report[], opts: EvaluateOptions): CheckTally[] {
  const byId = new Map<string, CheckTally>(opts.checks.filter((c) => opts.selected.has(c.id)).map((c) => [c.id, { id: c.id, title: c.title, fail: 0, warn: 0, error: 0 }]));
  for (const rep of reports) {
    for (const r of rep.results) {
      const t = byId.get(r.id);
      if (t && !r.suppressed && (r.status === 'fail' || r.status === 'warn' || r.status === 'error')) t[r.status]++;
    }
  }
  return [...byId.values()];
}
