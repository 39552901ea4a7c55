// `--check ID` (issue #14): the live source reads only what the selected check and its area's detection declare.
// On every example and scenario, each check run on exactly those reads gives the status and message of the full run,
// so a check that reads an undeclared type (or an area detection that does) fails here.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARM_COMPLETE_GROUP } from '../../src/checks/azure/arm.js';
import { CHECKS } from '../../src/checks/registry.js';
import { groupOf } from '../../src/snapshot/objects.js';
import { typeKey } from '../../src/snapshot/resources.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import { planReads } from '../../src/sources/live/plan.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import { partsOf, runSelected } from './refusals.js';

const dirs = (root: string) => readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(root, d.name));
const SNAPSHOTS = [...dirs('examples'), ...dirs('tests/fixtures/scenarios')].sort();

/** The snapshot a live run of `--check ID` would read: the planned lists and groups only. */
function asPlannedFor(snap: Snapshot, ids: string[]): Snapshot {
  const plan = planReads(CHECKS.filter((c) => ids.includes(c.id)));
  const types = new Set(plan.lists.map((l) => typeKey(l.type)));
  const groups = new Set(plan.groups);
  const p = partsOf(snap);
  const keep = (t: { group: string; kind: string }) => types.has(typeKey(t)) || groups.has(t.group);
  // A live list reads its type whole; what Azure was read whole stays as it was.
  const complete = [...p.completeTypes!.filter((t) => t.group === ARM_COMPLETE_GROUP), ...plan.lists.filter((l) => !l.namespace && !l.selector).map((l) => ({ group: l.type.group, kind: l.type.kind }))];
  return new Snapshot({ ...p, objects: p.objects.filter((o) => keep({ group: groupOf(o.apiVersion), kind: o.kind })), completeTypes: complete });
}

describe.each(SNAPSHOTS)('one check selected reads enough to decide as the full run does: %s', (path) => {
  it('same status and message for every check', () => {
    const snap = loadSnapshot(path);
    const all = CHECKS.map((c) => c.id);
    // Both as a live run would read them: the full run's plan, and one check's.
    const full = runSelected(asPlannedFor(snap, all), all).results;
    const differences = CHECKS.flatMap((c) => {
      const alone = runSelected(asPlannedFor(snap, [c.id]), [c.id]).results.find((r) => r.id === c.id)!;
      const whole = full.find((r) => r.id === c.id)!;
      return alone.status === whole.status && alone.message === whole.message ? [] : [`${c.id}: ${whole.status} "${whole.message}" → alone ${alone.status} "${alone.message}"`];
    });
    expect(differences).toEqual([]);
  });
});
