// `arcdoctor rbac`: the ClusterRole the selected checks need (and its ServiceAccount and binding with --all).
import type { Command } from 'commander';
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { rbacManifests } from '../rbac/role.js';
import { collectCsv, selectIds, validateAreas, validateIds } from './options.js';

interface RbacFlags {
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
    .action((flags: RbacFlags) => {
      const selected = selectIds(validateAreas(flags.area), validateIds('--check', flags.check), []);
      if (selected.size === 0) throw new UsageError('--area/--check: no check is selected');
      const checks = CHECKS.filter((c) => selected.has(c.id));
      process.stdout.write(rbacManifests(checks, { all: Boolean(flags.all), selection: selectionFlags(flags) }));
    });
}

/** The flags as given, for the header of the output (the provenance of a role file). */
function selectionFlags(flags: RbacFlags): string {
  const parts: string[] = [];
  if (flags.area.length) parts.push(`--area ${flags.area.join(',')}`);
  if (flags.check.length) parts.push(`--check ${flags.check.join(',')}`);
  if (flags.all) parts.push('--all');
  return parts.map((p) => ` ${p}`).join('');
}
