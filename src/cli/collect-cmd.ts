// `arcdoctor collect`: the snapshot a full check run would read, written as a bundle (issue #4).
// The collection itself is collect-run.ts, loaded by the action (tests call runCollect here).
import type { Command } from 'commander';
import { addReadLimitOptions, KUBECONFIG_OPTION, type AzureTargetFlags, type ClusterReadFlags } from './options.js';

export interface CollectFlags extends ClusterReadFlags, AzureTargetFlags {
  out: string;
  context?: string;
  azure?: boolean;
  redactEnv: boolean;
  quiet?: boolean;
}

export function registerCollect(program: Command): void {
  const cmd = program
    .command('collect')
    .description('write the snapshot a check would read (Secrets never included)')
    .requiredOption('--out <bundle>', 'BUNDLE.tar.gz or a new folder')
    .option(...KUBECONFIG_OPTION)
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--azure', 'also read the Azure side (extensions, Flux configurations, providers) into azure/')
    .option('--azure-subscription <id>', 'subscription of the cluster resource (with --azure; default: discovered from the cluster)')
    .option('--resource-group <rg>', 'resource group of the cluster resource (with --azure)')
    .option('--cluster <name>', 'name of the connectedCluster or managedCluster (with --azure)')
    .option('--cluster-type <type>', 'connectedClusters or managedClusters (with --azure)')
    .option('--no-redact-env', 'keep container environment variable values (redacted by default)');
  addReadLimitOptions(cmd, { timeout: 'bound the whole collection', concurrency: 'parallel API requests' })
    .option('--quiet', 'print nothing but errors')
    .addHelpText('after', '\nExample:\n  arcdoctor collect --context prod-eu --out prod-eu.tar.gz && arcdoctor check --snapshot prod-eu.tar.gz')
    .action(async (flags: CollectFlags) => {
      process.exitCode = await runCollect(flags);
    });
}

export async function runCollect(flags: CollectFlags): Promise<number> {
  const { runCollect: run } = await import('./collect-run.js');
  return run(flags);
}
