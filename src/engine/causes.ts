// Root causes: links the problems of one run along the declared cause links (src/checks/causes.ts), so the report
// can lead with what to fix first. A problem that no other problem explains stays a root; each consequence is
// folded under the first root (catalog order) that reaches it.
import { CAUSE_LINKS, type CauseLink } from '../checks/causes.js';
import type { Cause, CheckResult } from './report-model.js';

const PROBLEM = new Set(['fail', 'warn', 'error']);

export function findCauses(results: readonly CheckResult[], links: readonly CauseLink[] = CAUSE_LINKS): Cause[] {
  const problems = results.filter((r) => r.selected && !r.suppressed && PROBLEM.has(r.status));
  const byId = new Map(problems.map((r) => [r.id, r]));
  const edges = new Map<string, Array<{ to: string; why: string }>>();
  const explained = new Set<string>();
  for (const l of links) {
    const cause = byId.get(l.cause);
    // A check that could not decide explains nothing: its evidence is what is missing, not what is wrong.
    if (!cause || cause.status === 'error') continue;
    for (const id of l.consequences) {
      const consequence = byId.get(id);
      if (!consequence || consequence.id === cause.id || !linked(l.link, cause, consequence)) continue;
      edges.set(cause.id, [...(edges.get(cause.id) ?? []), { to: id, why: l.why }]);
      explained.add(id);
    }
  }
  const folded = new Set<string>();
  const causes: Cause[] = [];
  for (const root of problems.filter((r) => !explained.has(r.id))) {
    const consequences: string[] = [];
    const whys: string[] = [];
    const queue = [root.id];
    while (queue.length) {
      for (const e of edges.get(queue.shift()!) ?? []) {
        if (folded.has(e.to) || e.to === root.id) continue;
        folded.add(e.to);
        consequences.push(e.to);
        if (!whys.includes(e.why)) whys.push(e.why);
        queue.push(e.to);
      }
    }
    causes.push({ root: root.id, consequences, why: whys.length ? capitalize(whys.join('; ')) + '.' : '' });
  }
  return causes;
}

function linked(kind: CauseLink['link'], cause: CheckResult, consequence: CheckResult): boolean {
  if (kind === 'chain') return true;
  const theirs = refsOf(consequence);
  if (kind === 'shared-object') return refsOf(cause).some((r) => theirs.includes(r));
  const namespaces = refsOf(cause)
    .map((r) => /^v1\/Namespace (\S+)$/.exec(r)?.[1])
    .filter((n): n is string => n !== undefined);
  return theirs.some((r) => namespaces.some((ns) => r.split(' ')[1]?.startsWith(`${ns}/`)));
}

/** The objects a result's evidence names. */
function refsOf(r: CheckResult): string[] {
  return [...new Set(r.evidence.map((e) => e.ref))];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
