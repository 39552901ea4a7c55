// Scores per file from a Stryker JSON report, static mutants left out as docs/testing.md defines the score:
// an incremental run can test static mutants and count them as survivors in its own table. Usage:
// node scripts/mutation-score.mjs [reports/mutation/mutation.json]
import { readFileSync } from 'node:fs';
const r = JSON.parse(readFileSync(process.argv[2] ?? "reports/mutation/mutation.json", 'utf8'));
for (const [f, { mutants }] of Object.entries(r.files)) {
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, staticCounted: 0 };
  for (const m of mutants) { if (m.static || m.status === 'Ignored') { if (m.status !== 'Ignored') c.staticCounted++; continue; } c[m.status] = (c[m.status] ?? 0) + 1; }
  const valid = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  console.log(f.padEnd(48), valid ? ((100 * (c.Killed + c.Timeout)) / valid).toFixed(1) + '%' : 'n/a', JSON.stringify(c));
}
