// The changes `arcdoctor fix` proposes: the fixable checks' FixActions from a report, each addressed to its
// object's API path, with the content type its patch kind needs.
import type { FixAction } from '../checks/define.js';
import type { Report } from '../engine/report-model.js';
import { groupOf } from '../snapshot/objects.js';
import { knownType } from '../snapshot/resources.js';

export interface PlannedChange {
  checkId: string;
  action: FixAction;
  /** The object's path on the API server, or undefined when arcdoctor does not know its resource name. */
  path?: string;
  contentType: string;
}

const CONTENT_TYPES: Record<FixAction['patchType'], string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export function plannedChanges(report: Report): PlannedChange[] {
  const out: PlannedChange[] = [];
  for (const r of report.results) {
    if (r.suppressed || (r.status !== 'warn' && r.status !== 'fail')) continue;
    for (const action of r.fixes ?? []) out.push({ checkId: r.id, action, path: objectPath(action.target), contentType: CONTENT_TYPES[action.patchType] });
  }
  return out;
}

export function objectPath(t: FixAction['target']): string | undefined {
  const group = groupOf(t.apiVersion);
  const type = knownType(group, t.kind);
  if (!type) return undefined;
  const root = group ? `/apis/${t.apiVersion}` : `/api/${t.apiVersion}`;
  const ns = type.namespaced ? `/namespaces/${encodeURIComponent(t.namespace ?? 'default')}` : '';
  return `${root}${ns}/${type.plural}/${encodeURIComponent(t.name)}`;
}

export function describeTarget(t: FixAction['target']): string {
  return `${t.apiVersion}/${t.kind} ${t.namespace ? t.namespace + '/' : ''}${t.name}`;
}

/** The kubectl command a person would run for the same change. */
export function kubectlEquivalent(c: PlannedChange): string {
  const t = c.action.target;
  const resource = `${t.kind.toLowerCase()}${groupOf(t.apiVersion) ? '.' + groupOf(t.apiVersion) : ''}`;
  const patch = JSON.stringify(c.action.patch).replace(/'/g, `'\\''`);
  return `kubectl patch ${resource} ${t.name}${t.namespace ? ' -n ' + t.namespace : ''} --type=${c.action.patchType} -p '${patch}'`;
}
