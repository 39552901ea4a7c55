// Issue #13: on mutated examples (characters inserted, dropped, lines repeated), a streamed file loads to exactly what
// the whole file loads to, or fails with the same line. JSON items the stream refuses itself name the item's line,
// so there only "loads or not" and the objects are compared.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { loadSnapshot, type LoadOptions } from '../../src/sources/snapshot-files.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const INSERTS = [': ', '- ', '-', '&a ', '*a', '"', "'", '|', '{', '}', '[', ']', ',', '\t', '---\n', '...\n', '#', '\\', '\n', '\n  ', '\n- ', '\nitems:\n', 'items:', '!!str ', '\r\n', '\\"', '}]'];

function mutate(text: string, random: () => number): string {
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    const p = Math.floor(random() * (text.length + 1));
    const r = random();
    if (r < 0.6) text = text.slice(0, p) + INSERTS[Math.floor(random() * INSERTS.length)] + text.slice(p);
    else if (r < 0.8) text = text.slice(0, p) + text.slice(p + 1 + Math.floor(random() * 8));
    else {
      const lines = text.split('\n');
      lines.splice(Math.floor(random() * lines.length), 0, lines[Math.floor(random() * lines.length)]);
      text = lines.join('\n');
    }
  }
  return text;
}

function outcome(dir: string, options: LoadOptions): { objects?: string; warnings?: readonly string[]; error?: string } {
  try {
    const snap = loadSnapshot(dir, options);
    return { objects: JSON.stringify(snap.objects()), warnings: snap.warnings };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { error: e.message };
  }
}

const root = mkdtempSync(join(tmpdir(), 'arcdoctor-stream-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lists: string[] = [];
for (const name of readdirSync('examples')) {
  for (const rel of readdirSync(`examples/${name}`, { recursive: true, encoding: 'utf8' })) {
    const path = `examples/${name}/${rel}`;
    if (/\.(ya?ml|json)$/.test(rel) && !rel.startsWith('azure') && rel !== 'snapshot.yaml' && /^items:/m.test(readFileSync(path, 'utf8'))) lists.push(path);
  }
}

describe('streamed and whole loads agree on mutated Lists', () => {
  it('YAML: the same objects, warnings or error line, case by case', () => {
    const random = rng(1313);
    const differ: string[] = [];
    let streamedOk = 0;
    for (let i = 0; i < 250; i++) {
      const source = lists[Math.floor(random() * lists.length)];
      const dir = join(root, `y${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'list.yaml'), mutate(readFileSync(source, 'utf8'), random));
      const whole = outcome(dir, {});
      const streamed = outcome(dir, { streamAbove: 0 });
      if (JSON.stringify(whole) !== JSON.stringify(streamed)) differ.push(`${source} (case ${i}): ${JSON.stringify(whole).slice(0, 200)} vs ${JSON.stringify(streamed).slice(0, 200)}`);
      if (!whole.error) streamedOk++;
    }
    expect(differ).toEqual([]);
    expect(streamedOk).toBeGreaterThan(60);
  });

  it('JSON: the same objects when it loads, an error on the same files', () => {
    const random = rng(4242);
    const differ: string[] = [];
    const byExample = new Map<string, unknown[]>();
    for (let i = 0; i < 120; i++) {
      const example = lists[Math.floor(random() * lists.length)].split('/').slice(0, 2).join('/');
      if (!byExample.has(example)) byExample.set(example, [...loadSnapshot(example, { trim: false }).objects()].slice(0, 8));
      const objects = byExample.get(example);
      const dir = join(root, `j${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'list.json'), mutate(JSON.stringify({ apiVersion: 'v1', items: objects, kind: 'List' }, null, i % 2 ? 4 : undefined), random));
      const whole = outcome(dir, {});
      const streamed = outcome(dir, { streamAbove: 0 });
      const same = whole.error ? Boolean(streamed.error?.startsWith(`${dir}/list.json:`)) : JSON.stringify(whole) === JSON.stringify(streamed);
      if (!same) differ.push(`case ${i}: ${JSON.stringify(whole).slice(0, 200)} vs ${JSON.stringify(streamed).slice(0, 200)}`);
    }
    expect(differ).toEqual([]);
  });
});
