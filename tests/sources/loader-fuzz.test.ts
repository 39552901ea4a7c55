// The loader on mutated bytes of the bundled examples (truncated, characters flipped, YAML indicators, NULs and
// BOMs inserted, lines dropped or repeated; YAML and the same objects as JSON): every case either loads, and the
// checks then decide without crashing, or ends in one UsageError line naming the file. Never another exception.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/engine/run.js';
import { UsageError } from '../../src/errors.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import { NOW } from '../helpers/check-harness.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const INSERTS = [':', ': ', '- ', '&a ', '*a', '*b ', '"', "'", '|', '>-', '{', '}', '[', ']', ',', '\t', '\u0000', '\uFEFF', '---\n', '...\n', '%YAML 1.2\n', '? ', '!!binary ', '#', '\\', '\n  ', 'kind: List\nitems: [', 'é', '\uD800'];

function mutateText(text: string, random: () => number): string {
  const at = () => Math.floor(random() * (text.length + 1));
  const n = 1 + Math.floor(random() * 4);
  for (let i = 0; i < n; i++) {
    const r = random();
    const p = at();
    if (r < 0.15) text = text.slice(0, p);
    else if (r < 0.45) text = text.slice(0, p) + INSERTS[Math.floor(random() * INSERTS.length)] + text.slice(p);
    else if (r < 0.6) text = text.slice(0, p) + text.slice(p + 1 + Math.floor(random() * 20));
    else if (r < 0.75) {
      const lines = text.split('\n');
      const k = Math.floor(random() * lines.length);
      lines.splice(k, 0, lines[Math.floor(random() * lines.length)]);
      text = lines.join('\n');
    } else {
      const lines = text.split('\n');
      lines.splice(Math.floor(random() * lines.length), 1);
      text = lines.join('\n');
    }
  }
  return text;
}

const root = mkdtempSync(join(tmpdir(), 'arcdoctor-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const examples = readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const CASES_PER_EXAMPLE = 24; // 16 examples × 24 = 384 cases

describe('loader on mutated examples', () => {
  for (const name of examples) {
    it(`never crashes on ${name}`, () => {
      const random = rng(name.length * 104729 + name.charCodeAt(0));
      const files = readdirSync(`examples/${name}`, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'snapshot.yaml');
      const crashes: string[] = [];
      let loaded = 0;
      for (let i = 0; i < CASES_PER_EXAMPLE; i++) {
        const file = files[Math.floor(random() * files.length)];
        let text = readFileSync(`examples/${name}/${file}`, 'utf8');
        const asJson = i % 4 === 3 && file.endsWith('.yaml');
        if (asJson) text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...loadSnapshot(`examples/${name}`).objects()].slice(0, 20) }, null, 2);
        const dir = join(root, `${name}-${i}`);
        const target = join(dir, asJson ? 'objects.json' : file);
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, mutateText(text, random));
        let snap;
        try {
          snap = loadSnapshot(dir);
        } catch (e) {
          if (!(e instanceof UsageError)) crashes.push(`load ${target}: ${(e as Error).stack?.split('\n').slice(0, 2).join(' ')}`);
          else if (!e.message.startsWith(dir) && !e.message.startsWith(`--snapshot ${dir}`)) crashes.push(`message does not name the file: ${e.message}`);
          else if (e.message.includes('\n')) crashes.push(`message on several lines: ${e.message}`);
          continue;
        }
        loaded++;
        const report = runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(CHECKS.map((c) => c.id)), suppressions: [], failOn: 'fail', now: NOW, target: { kind: 'snapshot', name }, version: 'test' });
        for (const r of report.results) if (r.message.includes('the check itself failed')) crashes.push(`${target}: ${r.id}: ${r.message}`);
      }
      expect(crashes).toEqual([]);
      // The corpus is not all rejects: some mutations keep the file loadable.
      expect(loaded).toBeGreaterThan(0);
    });
  }
});
