// `arcdoctor checks list|explain ID`, run: loaded by the actions of checks-cmd.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS, findCheck } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { AREA_TITLES } from '../report/text.js';

export function listChecks(flags: { output: string }): void {
  if (flags.output === 'json') {
    const rows = CHECKS.map((c) => ({ id: c.id, area: c.area, title: c.title, guide: c.guide, fixable: c.fixable, docs: `docs/checks/${c.id}.md` }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  if (flags.output !== 'text') throw new UsageError(`--output ${flags.output}: expected text or json`);
  let area = '';
  for (const c of CHECKS) {
    if (c.area !== area) {
      area = c.area;
      process.stdout.write(`\n${AREA_TITLES[c.area]}\n`);
    }
    process.stdout.write(`  ${c.id.padEnd(8)} ${c.fixable ? 'fixable ' : '        '} ${c.title}\n`);
  }
}

export function explainCheck(id: string): void {
  const check = findCheck(id);
  if (!check) throw new UsageError(`checks explain ${id}: unknown check ID (see arcdoctor checks list)`);
  const page = docPath(check.id);
  if (page) process.stdout.write(readFileSync(page, 'utf8'));
  else process.stdout.write(`# ${check.id} — ${check.title}\n\nArea: ${check.area}\nGuide section: ${check.guide}\n`);
}

/** docs/ sits beside dist/ in the package and beside src/ in a checkout. */
function docPath(id: string): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const base of [join(here, '..'), join(here, '..', '..'), process.cwd()]) {
    const p = join(base, 'docs', 'checks', `${id}.md`);
    if (existsSync(p)) return p;
  }
  return undefined;
}
