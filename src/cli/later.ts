// Commands whose implementation lands in later issues (serve: #3; collect and fix: #4).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerLater(program: Command): void {
  program
    .command('serve')
    .description('serve a snapshot as a Kubernetes API for kubectl and client libraries (writes kept in memory)')
    .requiredOption('--snapshot <path>', 'snapshot folder or .tar.gz')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)')
    .action(() => {
      throw new UsageError('serve is not available in this build');
    });
  program
    .command('collect')
    .description('write the snapshot a check would read (Secrets never included)')
    .requiredOption('--out <bundle>', 'BUNDLE.tar.gz or a folder')
    .action(() => {
      throw new UsageError('collect is not available in this build');
    });
  program
    .command('fix')
    .description('apply the safe fixes: a server-side dry-run first, then with consent')
    .action(() => {
      throw new UsageError('fix is not available in this build');
    });
}
