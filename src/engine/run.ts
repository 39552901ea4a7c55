// Runs the selected checks on one snapshot: area applicability, read failures, crashes, suppressions.
import type { AreaDefinition, CheckDefinition, CheckOutcome, Finding } from '../checks/define.js';
import { summarizeFindings, unique } from '../checks/define.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { exitCodeFor, summarize, worstStatus, type CheckResult, type FailOn, type Report } from './report-model.js';
import { annotationSuppressions, suppressesCheck, suppressesFinding, type AnnotationSuppressions, type Suppression } from './suppress.js';
import { missingReads } from './read-failures.js';
import { findCauses } from './causes.js';

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
    const outcome = outcomeOf(check, snap, opts, applicability.get(check.area));
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

function outcomeOf(check: CheckDefinition, snap: Snapshot, opts: RunOptions, area: ReturnType<AreaDefinition['applies']> | undefined): CheckOutcome {
  if (check.area !== 'azure' && snap.objects().length === 0 && snap.readFailures.length === 0) {
    // A bundle of `az` output alone says nothing about the cluster: its checks cannot pass or fail.
    return { status: 'skip', message: 'the snapshot holds no Kubernetes objects (Azure data only)' };
  }
  if (area && !area.applies && !check.runsWhenAreaAbsent) return { status: 'skip', message: area.reason };
  const missing = missingReads(check, snap);
  if (missing) return { status: 'error', message: missing };
  try {
    return check.run(snap, { now: opts.now, catalog: opts.checks });
  } catch (e) {
    return { status: 'error', message: `the check itself failed: ${(e as Error).message ?? String(e)} (please report this)` };
  }
}

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
