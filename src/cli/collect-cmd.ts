// `arcdoctor collect`: the snapshot a check would read, written as a bundle (issue #4).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('write the snapshot a check would read (Secrets never included)')
    .requiredOption('--out <bundle>', 'BUNDLE.tar.gz or a folder')
    .action(() => {
      throw new UsageError('collect is not available in this build');
    });
}
