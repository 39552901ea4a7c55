// A check whose inputs could not be read cannot decide: it ends in `error` naming the missing permission,
// and the rest of the run goes on (issue #4, item 2).
import type { CheckDefinition } from '../checks/define.js';
import { describeReadFailure, type Snapshot } from '../snapshot/snapshot.js';

export function missingReads(check: CheckDefinition, snap: Snapshot): string | undefined {
  if (snap.readFailures.length === 0) return undefined;
  const failures = check.reads
    .map((need) => snap.readFailure(need.type, need.namespace))
    .filter((f): f is NonNullable<typeof f> => f !== undefined);
  if (failures.length === 0) return undefined;
  const described = [...new Set(failures.map((f) => describeReadFailure(f)))];
  return `could not read what this check needs: ${described.join('; ')}`;
}

