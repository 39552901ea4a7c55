// A fluxConfiguration's compliance as Azure reports it: the overall complianceState and, per Flux object
// (GitRepository, Kustomization, HelmRelease), its own complianceState and status conditions.
import type { AzureResource } from '../../snapshot/objects.js';
import type { Evidence } from '../define.js';
import { azureRef, lower } from './arm.js';
import { oneLine } from './extension-status.js';

export interface NonCompliantObject {
  kind: string;
  name: string;
  namespace?: string;
  state: string;
  messages: string[];
  evidence: Evidence;
}

/** `Non-Compliant` as the API spells it; older agents and tools also print `Noncompliant` / `NonCompliant`. */
export function isNonCompliant(state: unknown): boolean {
  return ['non-compliant', 'noncompliant', 'failed'].includes(lower(state));
}

export function nonCompliantObjects(config: AzureResource): NonCompliantObject[] {
  const statuses: unknown[] = Array.isArray(config.statuses) ? config.statuses : [];
  const out: NonCompliantObject[] = [];
  statuses.forEach((s, i) => {
    if (!s || typeof s !== 'object') return;
    const st = s as Record<string, unknown>;
    if (!isNonCompliant(st.complianceState)) return;
    const messages = conditionMessages(st.statusConditions);
    out.push({
      kind: String(st.kind ?? 'object'),
      name: String(st.name ?? '(unnamed)'),
      namespace: typeof st.namespace === 'string' ? st.namespace : undefined,
      state: String(st.complianceState),
      messages,
      evidence: { ref: azureRef(config), path: `properties.statuses[${i}]`, observed: `${st.kind ?? ''} ${st.name ?? ''}: ${st.complianceState}${messages.length ? ' — ' + messages.join(' | ') : ''}`.trim(), expected: 'Compliant' },
    });
  });
  return out;
}

/** The messages of conditions that are not True (Ready=False says why); all messages when none is marked. */
function conditionMessages(conditions: unknown): string[] {
  if (!Array.isArray(conditions)) return [];
  const withText = conditions.filter((c): c is Record<string, unknown> => !!c && typeof c === 'object' && typeof (c as Record<string, unknown>).message === 'string');
  const failing = withText.filter((c) => lower(c.status) !== 'true');
  return (failing.length ? failing : withText).map((c) => oneLine(String(c.message).replace(/^'(.*)'$/, '$1')));
}

/** When the configuration last changed, for telling a fresh Pending from a stuck one. */
export function lastChange(config: AzureResource): Date | undefined {
  const candidates = [config.statusUpdatedAt, config.systemData?.lastModifiedAt, config.systemData?.createdAt];
  for (const c of candidates) {
    if (typeof c !== 'string' && !(c instanceof Date)) continue;
    const d = new Date(c);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return undefined;
}
