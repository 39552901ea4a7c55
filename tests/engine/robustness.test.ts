// No check crashes on odd input: each bundled example, mutated at random (fields removed or nulled, as hand-made
// snapshots and older API versions have them), still gets a decision or a reasoned error from
// every check, never "the check itself failed".
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/engine/run.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import { NOW } from '../helpers/check-harness.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

// Deleted and null fields are what real dumps and hand-made snapshots hold (a bare `key:` in YAML is null).
const ODD_VALUES: unknown[] = [null];

/** Every path to a value inside an object, except the identity fields the loader itself requires. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (!value || typeof value !== 'object') return [];
  const out: Array<Array<string | number>> = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = [...prefix, Array.isArray(value) ? Number(k) : k];
    if (p.length === 1 && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) {
      if (k === 'metadata') out.push(...paths(v, p));
      continue;
    }
    if (p.length === 2 && p[0] === 'metadata' && (k === 'name' || k === 'namespace')) continue;
    out.push(p, ...paths(v, p));
  }
  return out;
}

function mutate(objects: KubeObject[], random: () => number, count: number): KubeObject[] {
  const copy = structuredClone(objects);
  for (let i = 0; i < count; i++) {
    const obj = copy[Math.floor(random() * copy.length)];
    const all = paths(obj);
    if (all.length === 0) continue;
    const path = all[Math.floor(random() * all.length)];
    let parent: any = obj;
    for (const step of path.slice(0, -1)) parent = parent[step];
    const last = path[path.length - 1];
    if (random() < 0.4) delete parent[last];
    else parent[last] = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
  }
  return copy;
}

const examples = readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('checks on mutated snapshots', () => {
  for (const name of examples) {
    it(`never crash on ${name} with fields removed or nulled`, () => {
      const base = loadSnapshot(`examples/${name}`);
      const random = rng(name.length * 7919 + 17);
      const crashes: string[] = [];
      for (let round = 0; round < 25; round++) {
        const snap = new Snapshot({ objects: mutate([...base.objects()], random, 8), logs: [...base.allLogs()], azure: [...base.azureResources], info: base.info });
        let report;
        try {
          report = runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(CHECKS.map((c) => c.id)), suppressions: [], failOn: 'fail', now: NOW, target: { kind: 'snapshot', name }, version: 'test' });
        } catch (e) {
          crashes.push(`engine: ${(e as Error).message}`);
          continue;
        }
        for (const r of report.results) if (r.message.includes('the check itself failed')) crashes.push(`${r.id}: ${r.message}`);
      }
      expect([...new Set(crashes)].join('\n')).toBe('');
    });
  }
});
