// The problems of a report grouped by root cause, for every reporter that leads with "N root causes": each group
// is a root and the problems it explains (the engine's `causes`), roots ordered fail, warn, error.
import type { CheckResult, Report } from '../engine/report-model.js';

export interface CauseGroup {
  root: CheckResult;
  consequences: CheckResult[];
  why: string;
}

const ORDER = { fail: 0, warn: 1, error: 2, pass: 3, skip: 3 } as const;

export function isProblem(r: CheckResult): boolean {
  return r.selected && !r.suppressed && (r.status === 'fail' || r.status === 'warn' || r.status === 'error');
}

export function causeGroups(report: Report): CauseGroup[] {
  const byId = new Map(report.results.map((r) => [r.id, r]));
  const problems = report.results.filter(isProblem);
  // A report built without the engine's causes (older JSON, hand-made) still reads: every problem is its own root.
  const causes = report.causes ?? problems.map((r) => ({ root: r.id, consequences: [], why: '' }));
  const groups = causes
    .filter((c) => byId.has(c.root))
    .map((c) => ({ root: byId.get(c.root)!, consequences: c.consequences.flatMap((id) => byId.get(id) ?? []), why: c.why }));
  const covered = new Set(groups.flatMap((g) => [g.root.id, ...g.consequences.map((r) => r.id)]));
  for (const r of problems) if (!covered.has(r.id)) groups.push({ root: r, consequences: [], why: '' });
  return groups.sort((a, b) => ORDER[a.root.status] - ORDER[b.root.status]);
}

/** `1 root cause` / `3 root causes`, with the problem count when some are folded. */
export function rootCauseHeadline(groups: CauseGroup[]): string {
  const problems = groups.reduce((n, g) => n + 1 + g.consequences.length, 0);
  const head = `${groups.length} root cause${groups.length === 1 ? '' : 's'}`;
  return problems > groups.length ? `${head} (${problems} problems; the others follow from them)` : head;
}
