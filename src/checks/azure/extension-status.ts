// What an extension resource says went wrong: provisioningState, error-level statuses[], errorInfo
// (ARM ErrorDetail: code, message, details[]), and the pre-2022 `installState`.
import type { AzureResource } from '../../snapshot/objects.js';
import type { Evidence } from '../define.js';
import { azureRef, lower } from './arm.js';

export interface ExtensionProblem {
  status: 'warn' | 'fail';
  /** One line quoting what Azure said. */
  quote: string;
  evidence: Evidence;
}

const IN_PROGRESS = new Set(['creating', 'updating', 'deleting', 'accepted', 'running']);
const FAILED = new Set(['failed', 'canceled', 'cancelled']);

export function extensionProblems(ext: AzureResource): ExtensionProblem[] {
  const ref = azureRef(ext);
  const problems: ExtensionProblem[] = [];
  const state = typeof ext.provisioningState === 'string' ? ext.provisioningState : undefined;
  if (state && FAILED.has(state.toLowerCase())) {
    problems.push({ status: 'fail', quote: `provisioningState ${state}`, evidence: { ref, path: 'properties.provisioningState', observed: state, expected: 'Succeeded' } });
  } else if (state && IN_PROGRESS.has(state.toLowerCase())) {
    problems.push({ status: 'warn', quote: `provisioningState ${state} (operation still running)`, evidence: { ref, path: 'properties.provisioningState', observed: state, expected: 'Succeeded' } });
  }
  if (lower(ext.installState) === 'failed') {
    problems.push({ status: 'fail', quote: `installState Failed`, evidence: { ref, path: 'properties.installState', observed: ext.installState, expected: 'Installed' } });
  }
  const statuses: unknown[] = Array.isArray(ext.statuses) ? ext.statuses : [];
  statuses.forEach((s, i) => {
    if (!s || typeof s !== 'object') return;
    const st = s as Record<string, unknown>;
    if (lower(st.level) !== 'error') return;
    const text = [st.code, st.displayStatus, st.message].filter((x) => typeof x === 'string' && x.trim() !== '').join(': ');
    const quote = oneLine(text || 'error-level status without a message');
    problems.push({ status: 'fail', quote, evidence: { ref, path: `properties.statuses[${i}]`, observed: quote, expected: 'no status at level Error' } });
  });
  for (const quote of errorDetails(ext.errorInfo)) {
    problems.push({ status: 'fail', quote, evidence: { ref, path: 'properties.errorInfo', observed: quote, expected: 'no errorInfo' } });
  }
  return dedupe(problems);
}

/** `code: message` for an ErrorDetail and each of its details, innermost last. */
function errorDetails(info: unknown, depth = 0): string[] {
  if (!info || typeof info !== 'object' || depth > 4) return [];
  const e = info as Record<string, unknown>;
  const own = [e.code, e.message].filter((x) => typeof x === 'string' && x.trim() !== '').join(': ');
  const details = Array.isArray(e.details) ? e.details.flatMap((d) => errorDetails(d, depth + 1)) : [];
  return [...(own ? [oneLine(own)] : []), ...details];
}

function dedupe(problems: ExtensionProblem[]): ExtensionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.quote) ? false : (seen.add(p.quote), true)));
}

export function oneLine(text: string, max = 600): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
