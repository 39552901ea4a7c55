// `arcdoctor rbac`, run: loaded by the action of rbac-cmd.ts.
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { rbacManifests } from '../rbac/role.js';
import type { RbacFlags } from './rbac-cmd.js';
import { selectIds, validateAreas, validateIds } from './selection.js';

export function printRbac(flags: RbacFlags): void {
  const selected = selectIds(validateAreas(flags.area), validateIds('--check', flags.check), []);
  if (selected.size === 0) throw new UsageError('--area/--check: no check is selected');
  const checks = CHECKS.filter((c) => selected.has(c.id));
  process.stdout.write(rbacManifests(checks, { all: Boolean(flags.all), selection: selectionFlags(flags) }));
}

/** The flags as given, for the header of the output (the provenance of a role file). */
function selectionFlags(flags: RbacFlags): string {
  const parts: string[] = [];
  if (flags.area.length) parts.push(`--area ${flags.area.join(',')}`);
  if (flags.check.length) parts.push(`--check ${flags.check.join(',')}`);
  if (flags.all) parts.push('--all');
  return parts.map((p) => ` ${p}`).join('');
}
