// A check whose inputs could not be read cannot decide (issue #4 item 2, issue #10): a failed list of a type it
// reads ends it in `error` before it runs; a failed read of what its area's detection needs makes "not installed"
// unbelievable; a needed log that could not be read ends a verdict that rests on it.
import type { AreaDefinition, CheckDefinition, ReadNeed } from '../checks/define.js';
import { describeReadFailure, type ReadFailure, type Snapshot } from '../snapshot/snapshot.js';
import { neededLogs } from './log-needs.js';

/** The failed lists among a set of reads, one per failure. */
export function failedReads(reads: readonly ReadNeed[], snap: Snapshot): ReadFailure[] {
  if (snap.readFailures.length === 0) return [];
  const found = reads.map((need) => snap.readFailure(need.type, need.namespace)).filter((f): f is ReadFailure => f !== undefined);
  return [...new Set(found)];
}

/** The failed reads of what a check declares (its lists and its API groups). */
export function missingReads(check: CheckDefinition, snap: Snapshot): ReadFailure[] {
  const groups = (check.readsGroups ?? []).flatMap((g) => snap.readFailures.filter((f) => f.type.group === g && f.name === undefined));
  return [...new Set([...failedReads(check.reads, snap), ...groups])];
}

/** The failed reads of what an area's detection needs. */
export function detectionFailures(area: AreaDefinition | undefined, snap: Snapshot): ReadFailure[] {
  return area ? failedReads(area.detects, snap) : [];
}

/** The logs a check needed on this snapshot that the source tried and could not read, decisive ones apart. */
export function unreadLogs(check: CheckDefinition, snap: Snapshot): { decisive: ReadFailure[]; explanatory: ReadFailure[] } {
  const out = { decisive: new Set<ReadFailure>(), explanatory: new Set<ReadFailure>() };
  if (!snap.readFailures.some((f) => f.type.kind === 'Pod/log')) return { decisive: [], explanatory: [] };
  for (const need of check.logs ?? []) {
    for (const log of neededLogs(need, snap)) {
      const f = snap.logReadFailure(log.pod.metadata.namespace ?? '', log.pod.metadata.name, log.container);
      if (f) (need.decisive ? out.decisive : out.explanatory).add(f);
    }
  }
  return { decisive: [...out.decisive], explanatory: [...out.explanatory].filter((f) => !out.decisive.has(f)) };
}

/** `a; b; and 3 more`: failed reads named in one line. */
export function describeFailures(failures: readonly ReadFailure[], max = 3): string {
  const described = [...new Set(failures.map(describeReadFailure))];
  const shown = described.slice(0, max).join('; ');
  return described.length > max ? `${shown}; and ${described.length - max} more` : shown;
}
