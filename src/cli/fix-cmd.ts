// `arcdoctor fix`: applies the fixable checks' changes, server-side dry-run first, then with consent (issues #4, #14).
// Safety: every write carries the plan's resourceVersion (a 409 is reported, never retried), the undo record is on
// disk before the first change, nothing is ever deleted and Secrets are never written.
// The command is declared here; fix-run.ts, loaded by the action, does the work.
import type { Command } from 'commander';
import type { CheckDefinition } from '../checks/define.js';
import type { ArmConnectOptions } from '../fix/azure.js';
import { addReadLimitOptions, collectCsv, KUBECONFIG_OPTION, type AzureTargetFlags, type ClusterReadFlags } from './options.js';

export interface FixFlags extends ClusterReadFlags, AzureTargetFlags {
  azure?: boolean;
  azureCloud?: string;
  context?: string;
  check: string[];
  dryRun?: boolean;
  yes?: boolean;
  undo?: string;
  undoOut?: string;
  force?: boolean;
  wait?: boolean;
  meshconfigReset?: string[];
}

export interface FixIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks the person at the terminal; undefined when there is none. */
  ask?: (question: string) => Promise<boolean>;
}

export function registerFix(program: Command): void {
  const cmd = program
    .command('fix')
    .description('apply the safe fixes: a server-side dry-run first, then with consent')
    .option(...KUBECONFIG_OPTION)
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--check <ids>', 'only these fixable checks (comma-separated)', collectCsv, [])
    .option('--dry-run', 'stop after the server-side dry-run; change nothing')
    .option('--yes', 'apply without asking (for scripts)')
    .option('--meshconfig-reset <keys>', 'also reset these non-default MeshConfig keys to the release default (comma-separated, e.g. spec.traffic.enableEgress)', collectCsv, [])
    .option('--wait', 'after applying, watch the restarts and reconciles to completion (bounded by --timeout)')
    .option('--azure', 'also apply the Azure fixes (AZ001, AZ002, AZ003/FLUX005) through ARM, with the same consent')
    .option('--azure-subscription <id>', 'with --azure: subscription of the cluster resource (default: discovered from the cluster)')
    .option('--resource-group <rg>', 'with --azure: resource group of the cluster resource')
    .option('--cluster <name>', 'with --azure: name of the Arc connectedCluster or AKS managedCluster')
    .option('--cluster-type <type>', 'with --azure: connectedClusters (Arc) or managedClusters (AKS)')
    .option('--azure-cloud <name>', 'with --azure: AzureCloud|AzureUSGovernment|AzureChinaCloud (ARCDOCTOR_ARM_ENDPOINT overrides)')
    .option('--undo <file>', 'put back the objects an earlier fix changed, from its undo file')
    .option('--force', 'with --undo: restore objects even if they changed since the fix')
    .option('--undo-out <file>', 'where to write the undo file (default: arcdoctor-undo-CONTEXT-TIME.json)');
  addReadLimitOptions(cmd, { timeout: 'bound the whole run', concurrency: 'parallel API requests' })
    .addHelpText('after', '\nExit codes: 0 done (or nothing to fix), 1 a change was refused, 2 bad usage, no consent or no undo record, 3 cluster unreachable.')
    .action(async (flags: FixFlags) => {
      const { runFix: run, terminalIO } = await import('./fix-run.js');
      process.exitCode = await run(flags, terminalIO());
    });
}

/** `catalog` is the registry; tests pass their own fixable checks (and `azureOpts`: a token and the stand-in's CA). */
export async function runFix(flags: FixFlags, io: FixIO, catalog?: CheckDefinition[], azureOpts?: Partial<ArmConnectOptions>): Promise<number> {
  const { runFix: run } = await import('./fix-run.js');
  return run(flags, io, catalog, azureOpts);
}
