// `arcdoctor checks list|explain ID`: the catalog, and one check's doc page.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CHECKS, findCheck } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { AREA_TITLES } from '../report/text.js';

export function registerChecks(program: Command): void {
  const cmd = program.command('checks').description('list the check catalog, or explain one check');
  cmd
    .command('list', { isDefault: true })
    .description('every check: ID, area, whether arcdoctor fix can apply it, title')
    .option('--output <format>', 'text or json', 'text')
    .action((flags: { output: string }) => {
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
    });
  cmd
    .command('explain')
    .argument('<id>', 'a check ID such as OSM004')
    .description("print a check's doc page: what it verifies, why, how to fix, where the guide differs")
    .action((id: string) => {
      const check = findCheck(id);
      if (!check) throw new UsageError(`checks explain ${id}: unknown check ID (see arcdoctor checks list)`);
      const page = docPath(check.id);
      if (page) process.stdout.write(readFileSync(page, 'utf8'));
      else process.stdout.write(`# ${check.id} — ${check.title}\n\nArea: ${check.area}\nGuide section: ${check.guide}\n`);
    });
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
