// The changes `arcdoctor fix` proposes: the fixable checks' FixActions from a report, each addressed to its
// object's API path, with the content type its patch kind needs and the resourceVersion the plan was made from.
import type { ClusterFixAction } from '../checks/define.js';
import type { Report } from '../engine/report-model.js';
import { groupOf, type KubeObject } from '../snapshot/objects.js';
import { knownType } from '../snapshot/resources.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export interface PlannedChange {
  checkId: string;
  /** Other checks that proposed the very same change (re-checked after it too). */
  alsoFor: string[];
  action: ClusterFixAction;
  /** The object's path on the API server, or undefined when arcdoctor does not know its resource name. */
  path?: string;
  contentType: string;
  /** Whether the object existed when the plan was made (a server-side apply may create it). */
  existed: boolean;
  /** The object's resourceVersion when the plan was made. */
  resourceVersion?: string;
}

const CONTENT_TYPES: Record<ClusterFixAction['patchType'], string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** The field manager arcdoctor's server-side applies are recorded under. */
export const FIELD_MANAGER = 'arcdoctor';

/** Kinds `fix` never writes, whatever a check proposes: their data is never read, so never written either. */
const NEVER_WRITTEN = new Set(['Secret']);

/** The fixes of failing results, and the opt-in ones (deliberate-looking values) only when `optIns` names them. */
export function plannedChanges(report: Report, snap: Snapshot, optIns: ReadonlySet<string> = new Set()): PlannedChange[] {
  const out: PlannedChange[] = [];
  const seen = new Map<string, PlannedChange>();
  for (const r of rootCauseFirst(report)) {
    if (r.suppressed || r.status === 'skip' || r.status === 'error') continue;
    for (const action of r.fixes ?? []) {
      if (action.kind === 'arm') continue; // Azure changes: src/fix/azure.ts, behind --azure
      if (action.optIn ? !optIns.has(action.optIn) : r.status === 'pass') continue;
      if (NEVER_WRITTEN.has(action.target.kind)) continue;
      // Two checks may propose the same change (OSM002 and OSM013 both take arc-osm-system out of the mesh): once.
      const same = JSON.stringify([action.target, action.patchType, action.patch]);
      const earlier = seen.get(same);
      if (earlier) {
        if (earlier.checkId !== r.id && !earlier.alsoFor.includes(r.id)) earlier.alsoFor.push(r.id);
        continue;
      }
      const planned = planObject(snap, action);
      const change: PlannedChange = { checkId: r.id, alsoFor: [], action, path: objectPath(action.target), contentType: CONTENT_TYPES[action.patchType], existed: planned !== undefined, resourceVersion: planned?.metadata.resourceVersion };
      seen.set(same, change);
      out.push(change);
    }
  }
  return out;
}

/**
 * The results in the order the plan applies their fixes: each root cause, then what it explains (fixing the root
 * often clears them), then the results no cause links; catalog order within each.
 */
export function rootCauseFirst(report: Report): Report['results'] {
  const order = (report.causes ?? []).flatMap((c) => [c.root, ...c.consequences]);
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? order.length : i;
  };
  return [...report.results].sort((a, b) => rank(a.id) - rank(b.id));
}

/** The object as the plan saw it; a patch of an object the snapshot does not hold is planned as existing. */
function planObject(snap: Snapshot, action: ClusterFixAction): KubeObject | undefined {
  const t = action.target;
  const type = knownType(groupOf(t.apiVersion), t.kind);
  const found = type ? snap.get(type, type.namespaced ? t.namespace : undefined, t.name) : undefined;
  return found ?? (action.patchType === 'apply' ? undefined : { apiVersion: t.apiVersion, kind: t.kind, metadata: { name: t.name } });
}

/**
 * The body sent: the check's patch carrying the resourceVersion `rv`, so the server refuses it (409) when another
 * client changed the object since it was read. A JSON patch replaces /metadata/resourceVersion (the API server
 * then compares it), the other kinds set metadata.resourceVersion.
 */
export function patchBody(action: ClusterFixAction, rv: string | undefined): unknown {
  if (rv === undefined) return action.patch;
  if (action.patchType === 'json') return [{ op: 'replace', path: '/metadata/resourceVersion', value: rv }, ...(action.patch as unknown[])];
  const patch = action.patch as { metadata?: Record<string, unknown> };
  return { ...patch, metadata: { ...(patch.metadata ?? {}), resourceVersion: rv } };
}

/** The query of the write: server-side apply names its field manager and takes over fields other managers own. */
export function patchQuery(action: ClusterFixAction, dry: boolean): string {
  const q = new URLSearchParams();
  if (dry) q.set('dryRun', 'All');
  if (action.patchType === 'apply') {
    q.set('fieldManager', FIELD_MANAGER);
    q.set('force', 'true');
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function objectPath(t: ClusterFixAction['target']): string | undefined {
  const group = groupOf(t.apiVersion);
  const type = knownType(group, t.kind);
  if (!type) return undefined;
  const root = group ? `/apis/${t.apiVersion}` : `/api/${t.apiVersion}`;
  const ns = type.namespaced ? `/namespaces/${encodeURIComponent(t.namespace ?? 'default')}` : '';
  return `${root}${ns}/${type.plural}/${encodeURIComponent(t.name)}`;
}

export function describeTarget(t: ClusterFixAction['target']): string {
  return `${t.apiVersion}/${t.kind} ${t.namespace ? t.namespace + '/' : ''}${t.name}`;
}

export function objectKey(t: ClusterFixAction['target']): string {
  return `${t.apiVersion}/${t.kind}/${t.namespace ?? ''}/${t.name}`;
}

/** The kubectl command a person would run for the same change. */
export function kubectlEquivalent(c: PlannedChange): string {
  const t = c.action.target;
  const resource = `${t.kind.toLowerCase()}${groupOf(t.apiVersion) ? '.' + groupOf(t.apiVersion) : ''}`;
  const patch = JSON.stringify(c.action.patch).replace(/'/g, `'\\''`);
  if (c.action.patchType === 'apply') return `kubectl apply --server-side --force-conflicts --field-manager=${FIELD_MANAGER} -f - <<'EOF'\n${JSON.stringify(c.action.patch)}\nEOF`;
  return `kubectl patch ${resource} ${t.name}${t.namespace ? ' -n ' + t.namespace : ''} --type=${c.action.patchType} -p '${patch}'`;
}
