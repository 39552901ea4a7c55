// Parsing and validation of the flags `check` shares with `fix` and `collect`: one clear line and exit 2 on bad input.
// Every command's registration imports this file, so it stays light (no check catalog, no parser): what needs the
// catalog or the YAML parser is in selection.ts, which only the commands' actions load.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { AzureTarget } from '../sources/azure-live.js';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
export const collectCsv = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((v) => v.trim()).filter(Boolean),
];

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} ${value}: expected a positive number`);
  return n;
}

/** The flags of every command that reads a cluster (check, collect, fix). */
export interface ClusterReadFlags {
  kubeconfig?: string;
  timeout?: string;
  concurrency?: string;
}

export const KUBECONFIG_OPTION = ['--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'] as const;

/** --timeout and --concurrency; the help lines differ per command because what the timeout bounds differs. */
export function addReadLimitOptions(cmd: Command, help: { timeout: string; concurrency: string }): Command {
  return cmd.option('--timeout <seconds>', help.timeout).option('--concurrency <n>', help.concurrency);
}

export function readLimits(flags: ClusterReadFlags, defaultTimeoutSeconds: number): { timeoutMs: number; concurrency: number } {
  return {
    timeoutMs: positiveInt('--timeout', flags.timeout, defaultTimeoutSeconds) * 1000,
    concurrency: positiveInt('--concurrency', flags.concurrency, 8),
  };
}

export interface AzureTargetFlags {
  azureSubscription?: string;
  resourceGroup?: string;
  cluster?: string;
  clusterType?: string;
}

/** The cluster's ARM coordinates from the flags; without them the Azure source discovers them from the cluster. */
export function azureTargetOf(flags: AzureTargetFlags): AzureTarget | undefined {
  const given = [flags.azureSubscription, flags.resourceGroup, flags.cluster, flags.clusterType].filter((v) => v !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < 4) throw new UsageError('--azure-subscription, --resource-group, --cluster and --cluster-type go together: give all four');
  if (flags.clusterType !== 'connectedClusters' && flags.clusterType !== 'managedClusters') {
    throw new UsageError(`--cluster-type ${flags.clusterType}: expected connectedClusters or managedClusters`);
  }
  return { subscription: flags.azureSubscription!, resourceGroup: flags.resourceGroup!, cluster: flags.cluster!, clusterType: flags.clusterType };
}

