// The assertions every whole-snapshot case shares (bundled examples, scenarios): exactly these non-pass results,
// every catalog ID once, no crashed check, evidence and remediation on every problem, and named fragments.
import { expect } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import type { Report } from '../../src/engine/report-model.js';
import { runAll } from './check-harness.js';

export interface ScenarioExpectation {
  /** Non-passing, non-skipped results (`ID:status`). */
  problems: string[];
  /** A fragment the named result's message must hold (any status); a key may carry trailing spaces to repeat an ID. */
  messages?: Record<string, string>;
  /** A fragment one of the named result's remediation commands must hold. */
  commands?: Record<string, string>;
}

export function expectScenario(path: string, exp: ScenarioExpectation): Report {
  const report = runAll(path);
  const problems = report.results.filter((r) => r.status !== 'pass' && r.status !== 'skip').map((r) => `${r.id}:${r.status}`);
  expect(problems.sort()).toEqual([...exp.problems].sort());
  expect(report.results.map((r) => r.id).sort()).toEqual(CHECKS.map((c) => c.id).sort());
  for (const r of report.results) expect(r.message, `${r.id} crashed`).not.toMatch(/the check itself failed/);
  for (const r of report.results.filter((x) => x.status === 'fail' || x.status === 'warn')) {
    expect(r.evidence.length, `${r.id} evidence`).toBeGreaterThan(0);
    expect(r.remediation?.text, `${r.id} remediation`).toBeTruthy();
  }
  for (const [key, fragment] of Object.entries(exp.messages ?? {})) {
    expect(report.results.find((r) => r.id === key.trim())?.message, key).toContain(fragment);
  }
  for (const [id, fragment] of Object.entries(exp.commands ?? {})) {
    expect(report.results.find((r) => r.id === id)?.remediation?.commands?.join('\n'), id).toContain(fragment);
  }
  return report;
}
