// What the selected checks may ask the API server for, derived from their declarations alone (`reads`,
// `readsGroups`, `logs` in src/checks/define.ts), the way the live source plans its lists: every declared type is
// listed (get/list), a log need lists pods and reads `pods/log` (get), a group read whole is `*` in that group.
// Secrets are never granted, whatever a check declares: the role of a cluster-resident reader must not open them.
import type { CheckDefinition } from '../checks/define.js';
import { R } from '../snapshot/resources.js';
import { withAzureDiscoveryReads } from '../sources/azure-attach.js';

export type ReadVerb = 'get' | 'list';

/** One resource (or subresource) of one API group, and the verbs reading it takes. */
export interface AccessNeed {
  group: string;
  resource: string;
  verbs: ReadVerb[];
}

const LIST: ReadVerb[] = ['get', 'list'];
const GET: ReadVerb[] = ['get'];

/** Every access the checks need, one entry per group and resource, sorted; never Secrets, never a write. */
export function accessNeeds(checks: readonly CheckDefinition[]): AccessNeed[] {
  const needs = new Map<string, AccessNeed>();
  const add = (group: string, resource: string, verbs: ReadVerb[]) => {
    const key = `${group}/${resource}`;
    const before = needs.get(key);
    needs.set(key, { group, resource, verbs: before ? mergeVerbs(before.verbs, verbs) : verbs });
  };
  // The live source adds what Azure discovery reads when an AZ check runs without flags naming the resource.
  for (const check of withAzureDiscoveryReads([...checks], undefined)) {
    for (const read of check.reads) {
      if (read.type.group === R.Secret.group && read.type.plural === R.Secret.plural) continue;
      add(read.type.group, read.type.plural, LIST);
    }
    for (const group of check.readsGroups ?? []) add(group, '*', LIST);
    if ((check.logs ?? []).length > 0) {
      // The pods whose logs are read are listed first, then each log is one GET of the subresource.
      add(R.Pod.group, R.Pod.plural, LIST);
      add(R.Pod.group, `${R.Pod.plural}/log`, GET);
    }
  }
  return [...needs.values()].sort((a, b) => a.group.localeCompare(b.group) || a.resource.localeCompare(b.resource));
}

function mergeVerbs(a: ReadVerb[], b: ReadVerb[]): ReadVerb[] {
  return LIST.filter((v) => a.includes(v) || b.includes(v));
}
