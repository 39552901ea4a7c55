// `arcdoctor fix`: applies the fixable checks' changes, server-side dry-run first, then with consent (issue #4).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerFix(program: Command): void {
  program
    .command('fix')
    .description('apply the safe fixes: a server-side dry-run first, then with consent')
    .action(() => {
      throw new UsageError('fix is not available in this build');
    });
}
