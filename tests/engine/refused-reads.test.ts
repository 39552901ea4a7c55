// Generated over the whole catalog (issue #10): every example and scenario, every read each check declares
// (its lists, API groups, logs, and its area's detection), refused in turn. A refused read never turns a known
// fail into pass or skip; a refused list the check reads ends it in error; a refused decisive log never lets it pass.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import type { CheckResult } from '../../src/engine/report-model.js';
import { typeKey, type ResourceType } from '../../src/snapshot/resources.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import { listReadsOf, partsOf, refuseGroup, refuseLogs, refuseType, runSelected } from './refusals.js';

const dirs = (root: string) => readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(root, d.name));
const SNAPSHOTS = [...dirs('examples'), ...dirs('tests/fixtures/scenarios')].sort();
const ALL = CHECKS.map((c) => c.id);

interface Violation {
  refused: string;
  id: string;
  before: string;
  after: string;
}

const statusOf = (results: CheckResult[], id: string) => results.find((r) => r.id === id)!;
const known = (s: string) => s === 'fail' || s === 'warn';

/** Every distinct list type some check or area declares. */
function declaredTypes(): ResourceType[] {
  const all = new Map<string, ResourceType>();
  for (const c of CHECKS) {
    const { own, detection } = listReadsOf(c);
    for (const t of [...own, ...detection]) all.set(typeKey(t), t);
  }
  return [...all.values()];
}

/** Skipped because its area is absent (not because the check itself found nothing to judge). */
function areaAbsent(snap: Snapshot, area: string): boolean {
  const a = AREA_DEFINITIONS.find((x) => x.id === area)!;
  return !a.applies(snap).applies && snap.objects().length > 0;
}

function typeViolations(snap: Snapshot, baseline: Map<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const type of declaredTypes()) {
    const after = runSelected(refuseType(snap, type), ALL).results;
    for (const c of CHECKS) {
      const { own, detection } = listReadsOf(c);
      const readsIt = own.some((t) => typeKey(t) === typeKey(type));
      const detectsIt = detection.some((t) => typeKey(t) === typeKey(type));
      if (!readsIt && !detectsIt) continue;
      const before = baseline.get(c.id)!;
      const now = statusOf(after, c.id).status;
      const bad =
        (known(before) && !known(now) && now !== 'error') ||
        (readsIt && before !== 'skip' && now !== 'error') ||
        (detectsIt && before === 'skip' && areaAbsent(snap, c.area) && !c.runsWhenAreaAbsent && now !== 'error');
      if (bad) out.push({ refused: `list ${type.plural}`, id: c.id, before, after: now });
    }
  }
  return out;
}

function groupAndLogViolations(snap: Snapshot, baseline: Map<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const c of CHECKS) {
    const before = baseline.get(c.id)!;
    for (const g of c.readsGroups ?? []) {
      const now = statusOf(runSelected(refuseGroup(snap, g), [c.id]).results, c.id).status;
      if (before !== 'skip' && now !== 'error') out.push({ refused: `group ${g}`, id: c.id, before, after: now });
    }
    for (const need of c.logs ?? []) {
      const refused = refuseLogs(snap, need);
      if (!refused) continue;
      const now = statusOf(runSelected(refused, [c.id]).results, c.id).status;
      const bad = (known(before) && !known(now) && now !== 'error') || (need.decisive && before === 'pass' && now !== 'error');
      if (bad) out.push({ refused: `logs ${need.namespace ?? '*'}/${need.selector}${need.container ? ':' + need.container : ''}`, id: c.id, before, after: now });
    }
  }
  return out;
}

describe.each(SNAPSHOTS)('every declared read refused in turn: %s', (path) => {
  it('never turns a known fail into pass or skip, and never passes without a read it needs', () => {
    const snap = loadSnapshot(path);
    const baseline = new Map(runSelected(snap, ALL).results.map((r) => [r.id, r.status]));
    const violations = [...typeViolations(snap, baseline), ...groupAndLogViolations(snap, baseline)];
    expect(violations.map((v) => `${v.id} ${v.before}→${v.after} with ${v.refused} refused`)).toEqual([]);
  });
});

describe('the generated refusal test can fail', () => {
  // The cluster side alone (as a live run reads it): only the agent's log shows the interception.
  const clusterSide = () => new Snapshot({ ...partsOf(loadSnapshot('tests/fixtures/scenarios/aks-pod-identity-flux-token-intercepted')), azure: [] });
  const FLUX004 = CHECKS.find((c) => c.id === 'FLUX004')!;

  it('a verdict that rests on a refused log is error, naming the logs', () => {
    const snap = clusterSide();
    expect(statusOf(runSelected(snap, ['FLUX004']).results, 'FLUX004').status).toBe('fail');
    const r = statusOf(runSelected(refuseLogs(snap, FLUX004.logs![0])!, ['FLUX004']).results, 'FLUX004');
    expect(r.status).toBe('error');
    expect(r.message).toBe(
      'this check decides from container logs that could not be read: get the log of flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c/fluxconfig-agent was forbidden (pods "x" is forbidden (test)); get the log of flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c/fluent-bit was forbidden (pods "x" is forbidden (test))',
    );
  });

  it('a failure seen elsewhere stands and says which logs it was decided without', () => {
    const snap = loadSnapshot('tests/fixtures/scenarios/aks-pod-identity-flux-token-intercepted');
    const r = statusOf(runSelected(refuseLogs(snap, FLUX004.logs![0])!, ['FLUX004']).results, 'FLUX004');
    expect(r.status).toBe('fail');
    expect(r.message).toBe('AAD Pod Identity is intercepting the extension agent\'s token request: the extension status says "status not populated"');
    expect(r.notes).toEqual([expect.stringMatching(/^decided without these logs \(they could not be read\): get the log of flux-system\/fluxconfig-agent-7f8c6d5b9d-b6r1c\/fluxconfig-agent was forbidden/)]);
  });
});
