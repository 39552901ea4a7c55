// `arcdoctor serve`: a snapshot served as a Kubernetes API (issue #3).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve a snapshot as a Kubernetes API for kubectl and client libraries (writes kept in memory)')
    .requiredOption('--snapshot <path>', 'snapshot folder or .tar.gz')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)')
    .action(() => {
      throw new UsageError('serve is not available in this build');
    });
}
