// The report every reporter formats: CONTRACT.md's JSON report, plus fields we add (never remove).
import type { Area, Evidence, Finding, FixAction, Remediation, Status } from '../checks/define.js';

export interface CheckResult {
  id: string;
  area: Area;
  title: string;
  status: Status;
  message: string;
  evidence: Evidence[];
  remediation?: Remediation;
  fixable: boolean;
  suppressed: boolean;
  docs: string;
  guide: string;
  /** False when --check/--skip left this check out: it is reported as skip and hidden from text output. */
  selected: boolean;
  findings?: Finding[];
  notes?: string[];
  fixes?: FixAction[];
}

/** One root cause and the problems it explains (src/checks/causes.ts declares which explains which). */
export interface Cause {
  root: string;
  consequences: string[];
  why: string;
}

export interface Summary {
  pass: number;
  warn: number;
  fail: number;
  skip: number;
  error: number;
  suppressed: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'arcdoctor'; version: string };
  /** `cluster` names the cluster behind a snapshot (snapshot.yaml's context or name) when known: SARIF's category. */
  target: { kind: 'cluster' | 'snapshot'; name: string; cluster?: string };
  startedAt: string;
  durationMs: number;
  summary: Summary;
  results: CheckResult[];
  /** Every problem once: either a root, or folded under the root that explains it. Set by the engine. */
  causes?: Cause[];
  /** Things the user should know about the input (duplicate objects, ignored files). */
  warnings: string[];
  exitCode: number;
  /** The --fail-on level the exit code was decided with (JUnit makes a warn a failure only at `warn`). */
  failOn?: FailOn;
}

export interface MultiReport {
  schemaVersion: 1;
  targets: Report[];
}

export type FailOn = 'fail' | 'warn' | 'never';

const rank: Record<Status, number> = { pass: 0, skip: 0, error: 1, warn: 2, fail: 3 };

function isAtOrAbove(status: Status, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return failOn === 'warn' ? status === 'warn' || status === 'fail' : status === 'fail';
}

export function worstStatus(statuses: Status[]): Status {
  return statuses.reduce<Status>((w, s) => (rank[s] > rank[w] ? s : w), 'pass');
}

export function summarize(results: CheckResult[]): Summary {
  const s: Summary = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0, suppressed: 0 };
  for (const r of results) {
    s[r.status]++;
    if (r.suppressed) s.suppressed++;
  }
  return s;
}

/** CONTRACT.md exit codes 0, 1 and 4 for one target. */
export function exitCodeFor(results: CheckResult[], failOn: FailOn): number {
  const live = results.filter((r) => !r.suppressed);
  if (live.some((r) => isAtOrAbove(r.status, failOn))) return 1;
  if (failOn !== 'never' && live.some((r) => r.status === 'error')) return 4;
  return 0;
}

/** The worst of several targets' exit codes: unreachable, then failing, then incomplete. */
export function worstExitCode(codes: number[]): number {
  const order = [3, 1, 4, 0];
  for (const c of order) if (codes.includes(c)) return c;
  return codes.find((c) => c !== 0) ?? 0;
}
