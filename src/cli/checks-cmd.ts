// `arcdoctor checks list|explain ID`: the catalog, and one check's doc page (checks-run.ts prints them).
import type { Command } from 'commander';

export function registerChecks(program: Command): void {
  const cmd = program.command('checks').description('list the check catalog, or explain one check');
  cmd
    .command('list', { isDefault: true })
    .description('every check: ID, area, whether arcdoctor fix can apply it, title')
    .option('--output <format>', 'text or json', 'text')
    .action(async (flags: { output: string }) => {
      const { listChecks } = await import('./checks-run.js');
      listChecks(flags);
    });
  cmd
    .command('explain')
    .argument('<id>', 'a check ID such as OSM004')
    .description("print a check's doc page: what it verifies, why, how to fix, where the guide differs")
    .action(async (id: string) => {
      const { explainCheck } = await import('./checks-run.js');
      explainCheck(id);
    });
}
