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

export interface EvaluateStream {
  /** Each target's report as soon as it is made (JSON output writes it then and keeps nothing). */
  onTarget?: (report: Report) => void;
  /** Which reports the returned document keeps (default all): text, Markdown and HTML keep the clusters with problems. */
  keep?: (report: Report) => boolean;
}

export function evaluateFleet(read: FleetRead, opts: EvaluateOptions & EvaluateStream): FleetReport {
  const targets: Report[] = [];
  const byWorstStatus: Record<WorstStatus, number> = { fail: 0, warn: 0, error: 0, pass: 0, skip: 0 };
  const checks = new Map<string, CheckTally>(opts.checks.filter((c) => opts.selected.has(c.id)).map((c) => [c.id, { id: c.id, title: c.title, fail: 0, warn: 0, error: 0 }]));
  const codes = new Set<number>();
  const take = (report: Report, isCluster: boolean) => {
    if (isCluster) byWorstStatus[worstOf(report)]++;
    addToTally(checks, report);
    codes.add(report.exitCode);
    opts.onTarget?.(report);
    if (!opts.keep || opts.keep(report)) targets.push(report);
  };
  let evaluated = 0;
  for (const cluster of read.clusters) {
    take(runChecks(cluster.snapshot(), { ...opts, areas: AREA_DEFINITIONS, target: { kind: 'cluster', name: cluster.id } }), true);
    if (++evaluated % 500 === 0) opts.progress?.(evaluated);
  }
  if (evaluated % 500 !== 0 || evaluated === 0) opts.progress?.(evaluated);
  for (const sub of read.subscriptions.filter((s) => !s.readable)) take(unreadableSubscription(sub, opts), false);
  const exitCode = worstExitCode([...codes]);
  const fleet: FleetSummary = { clusters: read.clusters.length, byWorstStatus, checks: [...checks.values()], subscriptions: read.subscriptions, resourceGraphPages: read.pages, exitCode };
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

function addToTally(checks: Map<string, CheckTally>, report: Report): void {
  for (const r of report.results) {
    const t = checks.get(r.id);
    if (t && !r.suppressed && (r.status === 'fail' || r.status === 'warn' || r.status === 'error')) t[r.status]++;
  }
}
