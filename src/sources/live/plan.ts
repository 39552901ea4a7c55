// Turns what the selected checks declare (reads, readsGroups, logs) into the fewest list requests:
// one per resource type, narrowed to a namespace or label selector only when every need for that type allows it.
import type { CheckDefinition, LogNeed } from '../../checks/define.js';
import { AREA_DEFINITIONS } from '../../checks/registry.js';
import { R, typeKey, type ResourceType } from '../../snapshot/resources.js';

export interface ListRequest {
  type: ResourceType;
  namespace?: string;
  selector?: string;
  /** Secrets: object metadata only, never `data`. */
  metadataOnly: boolean;
}

export interface ReadPlan {
  lists: ListRequest[];
  groups: string[];
  logs: LogNeed[];
}

interface Need {
  namespace?: string;
  selector?: string;
}

export function planReads(checks: readonly CheckDefinition[], opts: { secrets?: boolean } = {}): ReadPlan {
  const needs = new Map<string, { type: ResourceType; needs: Need[] }>();
  const add = (type: ResourceType, need: Need) => {
    const key = typeKey(type);
    let entry = needs.get(key);
    if (!entry) needs.set(key, (entry = { type, needs: [] }));
    entry.needs.push(need);
  };
  const logs: LogNeed[] = [];
  // What each area's applicability reads, so `--check ID` decides "installed?" as the full run does (issue #14).
  const areas = new Set(checks.map((c) => c.area));
  for (const area of AREA_DEFINITIONS) if (areas.has(area.id)) for (const read of area.detects) add(read.type, { namespace: read.namespace, selector: read.selector });
  for (const check of checks) {
    for (const read of check.reads) add(read.type, { namespace: read.namespace, selector: read.selector });
    for (const log of check.logs ?? []) {
      // The pods whose logs are read must be listed first.
      add(R.Pod, { namespace: log.namespace, selector: log.selector });
      logs.push(log);
    }
  }
  // K8S001 alone declares no read: the API is still asked for one list, or "reachable" would rest on /version alone.
  if (needs.size === 0 && checks.length > 0) add(R.Namespace, {});
  const lists: ListRequest[] = [];
  for (const { type, needs: all } of needs.values()) {
    const isSecret = type.group === '' && type.kind === 'Secret';
    if (isSecret && opts.secrets === false) continue;
    lists.push({ type, ...narrowest(type, all), metadataOnly: isSecret });
  }
  const groups = [...new Set(checks.flatMap((c) => c.readsGroups ?? []))];
  return { lists, groups, logs: dedupeLogs(logs) };
}

/** The one scope that serves every need: a namespace when all agree on it, a selector when all agree on it. */
function narrowest(type: ResourceType, needs: Need[]): Pick<ListRequest, 'namespace' | 'selector'> {
  const namespaces = new Set(needs.map((n) => n.namespace));
  const selectors = new Set(needs.map((n) => n.selector?.trim() || undefined));
  const namespace = type.namespaced && namespaces.size === 1 ? [...namespaces][0] : undefined;
  const selector = selectors.size === 1 ? [...selectors][0] : undefined;
  return { namespace, selector };
}

function dedupeLogs(logs: LogNeed[]): LogNeed[] {
  const seen = new Map<string, LogNeed>();
  for (const l of logs) {
    // Needs with different conditions stay apart: each `when` decides for its own check.
    const key = `${l.namespace ?? '*'}|${l.selector}|${l.container ?? '*'}|${l.decisive}`;
    const before = seen.get(key);
    if (before && before.when !== l.when) seen.set(`${key}|${seen.size}`, l);
    else seen.set(key, before ? { ...before, tailLines: maxTail(before.tailLines, l.tailLines) } : l);
  }
  return [...seen.values()];
}

/** Logs are always tail-limited; a need without tailLines gets this many lines. */
export const DEFAULT_TAIL_LINES = 1000;

function maxTail(a: number | undefined, b: number | undefined): number {
  return Math.max(a ?? DEFAULT_TAIL_LINES, b ?? DEFAULT_TAIL_LINES);
}

/** The path of a list request (without paging parameters). */
export function listPath(type: ResourceType, version: string, namespace?: string): string {
  const root = type.group === '' ? `/api/${version}` : `/apis/${type.group}/${version}`;
  return namespace && type.namespaced ? `${root}/namespaces/${encodeURIComponent(namespace)}/${type.plural}` : `${root}/${type.plural}`;
}
