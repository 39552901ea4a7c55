// `arcdoctor rbac`: the ClusterRole the selected checks need (and its ServiceAccount and binding with --all).
// The role is built by rbac-run.ts, loaded by the action.
import type { Command } from 'commander';
import { collectCsv } from './options.js';

export interface RbacFlags {
  area: string[];
  check: string[];
  all?: boolean;
}

export function registerRbac(program: Command): void {
  program
    .command('rbac')
    .description('print the least-privilege ClusterRole the selected checks need (get/list only, never secrets)')
    .option('--area <list>', 'only these areas: osm,flux,ama,azure,k8s', collectCsv, [])
    .option('--check <ids>', 'only these check IDs (comma-separated)', collectCsv, [])
    .option('--all', 'also print the ServiceAccount and ClusterRoleBinding (namespace arcdoctor)')
    .addHelpText(
      'after',
      `
The role is derived from what each check declares it reads; deploy/rbac.yaml is the output of \`arcdoctor rbac --all\`.

Examples:
  arcdoctor rbac --all | kubectl apply -f -
  arcdoctor rbac --area osm`,
    )
    .action(async (flags: RbacFlags) => {
      const { printRbac } = await import('./rbac-run.js');
      printRbac(flags);
    });
}
