// Runs the selected checks on one snapshot: area applicability, read failures, crashes, suppressions.
import type { AreaDefinition, CheckDefinition, CheckOutcome, Finding, ResultOfRun } from '../checks/define.js';
import { summarizeFindings, unique } from '../checks/define.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { exitCodeFor, summarize, worstStatus, type CheckResult, type FailOn, type Report } from './report-model.js';
import { annotationSuppressions, suppressesCheck, suppressesFinding, type AnnotationSuppressions, type Suppression } from './suppress.js';
import { describeFailures, detectionFailures, missingReads, unreadLogs } from './read-failures.js';
import { findCauses } from './causes.js';
import type { ReadFailure } from '../snapshot/snapshot.js';
import { ARM_COMPLETE_GROUP } from '../checks/azure/arm.js';

interface Decided {
  outcome: CheckOutcome;
  /** The failed reads the outcome names: what made it `error`, or what it decided without. */
  unread: ReadFailure[];
}

export interface RunOptions {
  checks: CheckDefinition[];
  areas: AreaDefinition[];
  /** IDs to run; every other check is reported as skip, not selected. */
  selected: Set<string>;
  suppressions: Suppression[];
  failOn: FailOn;
  now: Date;
  target: Report['target'];
  version: string;
}

export function runChecks(snap: Snapshot, opts: RunOptions): Report {
  const started = Date.now();
  const knownIds = new Set(opts.checks.map((c) => c.id));
  const annotations = annotationSuppressions(snap, knownIds);
  const applicability = new Map(opts.areas.map((a) => [a.id, safeApplies(a, snap)]));
  const areaOf = new Map(opts.areas.map((a) => [a.id, a]));
  const decided = new Map<string, Decided>();
  const decide = (check: CheckDefinition, results?: ResultOfRun[]) => {
    const d = decideCheck(check, snap, opts, { area: areaOf.get(check.area), applies: applicability.get(check.area), results });
    decided.set(check.id, d);
    return d;
  };
  // Checks that speak about the others (K8S001) run last, on what the others concluded.
  for (const check of opts.checks) if (opts.selected.has(check.id) && !check.readsResults) decide(check);
  const others: ResultOfRun[] = [...decided.entries()].map(([id, d]) => ({ id, status: d.outcome.status, unread: d.unread }));
  for (const check of opts.checks) if (opts.selected.has(check.id) && check.readsResults) decide(check, others);

  const results = opts.checks.map((check): CheckResult => {
    const base = {
      id: check.id,
      area: check.area,
      title: check.title,
      fixable: check.fixable,
      docs: `docs/checks/${check.id}.md`,
      guide: check.guide,
      evidence: [],
      suppressed: false,
    };
    if (!opts.selected.has(check.id)) {
      return { ...base, status: 'skip', message: 'not selected (--area/--check/--skip)', selected: false };
    }
    const outcome = decided.get(check.id)!.outcome;
    return applySuppressions({ ...base, ...outcomeFields(outcome), selected: true }, opts.suppressions, annotations);
  });

  return {
    schemaVersion: 1,
    tool: { name: 'arcdoctor', version: opts.version },
    target: opts.target,
    startedAt: opts.now.toISOString(),
    durationMs: Date.now() - started,
    summary: summarize(results),
    results,
    causes: findCauses(results),
    warnings: [...snap.warnings],
    exitCode: exitCodeFor(results, opts.failOn),
  };
}

function safeApplies(area: AreaDefinition, snap: Snapshot): ReturnType<AreaDefinition['applies']> {
  try {
    return area.applies(snap);
  } catch {
    // An area whose detection crashes is treated as present, so its checks run and report the problem themselves.
    return { applies: true };
  }
}

interface AreaState {
  area?: AreaDefinition;
  applies?: ReturnType<AreaDefinition['applies']>;
  results?: ResultOfRun[];
}

function decideCheck(check: CheckDefinition, snap: Snapshot, opts: RunOptions, state: AreaState): Decided {
  // (A live read of an empty cluster lists types whole: that is an empty cluster, judged as one.)
  if (check.area !== 'azure' && snap.objects().length === 0 && snap.readFailures.length === 0 && !snap.completeTypes().some(isClusterType)) {
    // A bundle of `az` output alone says nothing about the cluster: its checks cannot pass or fail.
    return { outcome: { status: 'skip', message: 'the snapshot holds no Kubernetes objects (Azure data only)' }, unread: [] };
  }
  const { applies } = state;
  if (applies && !applies.applies && !check.runsWhenAreaAbsent) {
    // "Not installed" is believed only when what the detection reads was read: a refused list is not an absence.
    const undetected = detectionFailures(state.area, snap);
    if (undetected.length > 0) {
      return { outcome: { status: 'error', message: `whether ${state.area!.title} is installed cannot be told: ${describeFailures(undetected)}` }, unread: undetected };
    }
    return { outcome: { status: 'skip', message: applies.reason }, unread: [] };
  }
  const missing = missingReads(check, snap);
  if (missing.length > 0) return { outcome: { status: 'error', message: `could not read what this check needs: ${describeFailures(missing)}` }, unread: missing };
  let outcome: CheckOutcome;
  try {
    outcome = check.run(snap, { now: opts.now, catalog: opts.checks, results: state.results });
  } catch (e) {
    return { outcome: { status: 'error', message: `the check itself failed: ${(e as Error).message ?? String(e)} (please report this)` }, unread: [] };
  }
  return withUnreadLogs(check, snap, outcome);
}

/**
 * A verdict that rests on a log never passes because the log could not be read; a problem the check found in the
 * objects stands, and says which logs it was decided without.
 */
function withUnreadLogs(check: CheckDefinition, snap: Snapshot, outcome: CheckOutcome): Decided {
  const { decisive, explanatory } = unreadLogs(check, snap);
  if (decisive.length === 0 && explanatory.length === 0) return { outcome, unread: [] };
  const unread = [...decisive, ...explanatory];
  if (decisive.length > 0 && (outcome.status === 'pass' || outcome.status === 'skip')) {
    return { outcome: { status: 'error', message: `this check decides from container logs that could not be read: ${describeFailures(decisive)}` }, unread: decisive };
  }
  const note = `decided without these logs (they could not be read): ${describeFailures(unread)}`;
  return { outcome: { ...outcome, notes: [...(outcome.notes ?? []), note] }, unread };
}

const isClusterType = (t: { group: string }) => t.group !== ARM_COMPLETE_GROUP;

function outcomeFields(o: CheckOutcome): Pick<CheckResult, 'status' | 'message' | 'evidence' | 'remediation' | 'findings' | 'notes' | 'fixes'> {
  return {
    status: o.status,
    message: o.message,
    evidence: o.evidence ?? [],
    remediation: o.remediation,
    findings: o.findings,
    notes: o.notes,
    fixes: o.fixes,
  };
}

function applySuppressions(result: CheckResult, suppressions: Suppression[], annotations: AnnotationSuppressions): CheckResult {
  if (suppressesCheck(suppressions, result.id)) return { ...result, suppressed: true };
  const findings = result.findings;
  if (!findings || findings.length === 0) return result;
  const kept = findings.filter((f) => !suppressesFinding(suppressions, annotations, result.id, f));
  if (kept.length === findings.length) return result;
  if (kept.length === 0) return { ...result, suppressed: true };
  return { ...result, ...narrowTo(kept, result) };
}

/** What is left of a result once some of its findings are suppressed. */
function narrowTo(kept: Finding[], result: CheckResult): Partial<CheckResult> {
  const removed = (result.findings?.length ?? 0) - kept.length;
  return {
    status: worstStatus(kept.map((f) => f.status)),
    message: `${summarizeFindings(kept)} (${removed} suppressed)`,
    findings: kept,
    evidence: kept.flatMap((f) => f.evidence ?? []),
    remediation: result.remediation && { ...result.remediation, commands: unique(kept.flatMap((f) => f.commands ?? [])) },
    fixes: kept.flatMap((f) => f.fixes ?? []),
  };
}
