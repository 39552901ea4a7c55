// Lists surviving and uncovered mutants from reports/mutation/mutation.json: `node scripts/mutation-survivors.mjs [FILTER]`.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8'));
const filter = process.argv[2] ?? '';
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  if (!file.includes(filter)) continue;
  const lines = source.split('\n');
  for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
    const { line, column } = m.location.start;
    const original = lines[line - 1].trim().slice(0, 110);
    console.log(`${file}:${line}:${column} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '').slice(0, 80)}\n    ${original}`);
  }
}
