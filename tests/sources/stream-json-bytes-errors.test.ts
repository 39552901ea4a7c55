// Issue #13: what the byte cut of a pretty-printed JSON List must not get wrong: every malformed or unusual List
// loads (or fails) exactly as the whole file does, and mutated Lists fed in small chunks agree with the whole file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_LIMITS } from '../../src/sources/limits.js';
import { parseKubernetesFile } from '../../src/sources/parse-documents.js';
import { loadSnapshot, type LoadOptions } from '../../src/sources/snapshot-files.js';
import { StreamingFileParser } from '../../src/sources/stream-file.js';
import { decodeText } from '../../src/sources/text-decoding.js';

const OPTIONS = { trim: true, limits: DEFAULT_LIMITS };

function outcome(path: string, options: LoadOptions): unknown {
  try {
    const snap = loadSnapshot(path, options);
    return { objects: JSON.parse(JSON.stringify(snap.objects())), warnings: snap.warnings };
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return { error: (e as Error).message };
  }
}

const ns = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { a: 'b' } }, ...extra });
const pretty = (items: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' }, ...extra }, null, 4) + '\n';
const base = pretty([ns('a'), ns('b'), ns('c')]);
const secondItem = base.indexOf('        {', base.indexOf('"name": "a"'));

const cases: Record<string, string | Buffer> = {
  'a non-object item between objects': base.slice(0, secondItem) + '        42,\n' + base.slice(secondItem),
  'a trailing comma after the last item': base.replace(/\}\n    \]/, '},\n    ]'),
  'a missing comma between items': base.slice(0, secondItem).replace(/\},\n$/, '}\n') + base.slice(secondItem),
  'a duplicate key in an item (the last wins)': base.replace('"name": "b"', '"name": "x",\n                "name": "b"'),
  'a second "items" key after the List': base.replace('    "kind": "List"', '    "items": [],\n    "kind": "List"'),
  'a second "items" key before the List': base.replace('    "apiVersion": "v1",', '    "apiVersion": "v1",\n    "items": [\n        {\n            "kind": "Namespace"\n        }\n    ],'),
  'a nested pretty "items" before the top-level one': pretty([ns('a')], { apiVersion: { items: [{ x: 1 }, { y: 2 }] } }).replace(/^\{\n    "apiVersion": \{/, '{\n    "aaa": {'),
  'text after the end': base + '{}\n',
  'an escaped "items" key': base.replace('"items": [', '"it\\u0065ms": ['),
  'a raw line break inside a string': base.replace('"a": "b"', '"a": "b\n        }"'),
  'Latin-1 bytes in an item': Buffer.from(base.replace('"name": "b"', '"name": "caf\u00e9"'), 'latin1'),
  'a NUL byte in an item': base.replace('"name": "b"', '"name": "b\u0000"'),
  'a UTF-8 BOM and CRLF': '\uFEFF' + base.replace(/\n/g, '\r\n'),
  'an empty List': pretty([]),
};

describe('malformed and unusual pretty-printed Lists: cut on the bytes or not, the same outcome as the whole file', () => {
  for (const [what, content] of Object.entries(cases)) {
    it(what, () => {
      const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-bytes-err-'));
      writeFileSync(join(dir, 'list.json'), content);
      expect(outcome(dir, { streamAbove: 0 })).toEqual(outcome(dir, { streamAbove: Infinity }));
    });
  }

  it('the fixtures are what they say', () => {
    expect(cases['a missing comma between items']).toContain('        }\n        {');
    expect(cases['a trailing comma after the last item']).toContain('        },\n    ]');
    for (const [what, content] of Object.entries(cases)) expect({ what, changed: content.toString() !== base }).toEqual({ what, changed: true });
    // The valid ones are really cut on the bytes (not left to the scanner).
    for (const what of ['a duplicate key in an item (the last wins)', 'a UTF-8 BOM and CRLF']) {
      const p = new StreamingFileParser('list.json', OPTIONS);
      p.write(Buffer.from(cases[what]));
      expect({ what, objects: p.end()?.objects.length, cutOnBytes: p.cutOnBytes }).toEqual({ what, objects: 3, cutOnBytes: true });
    }
    const p = new StreamingFileParser('list.json', OPTIONS);
    p.write(Buffer.from(cases['a non-object item between objects']));
    expect(() => p.end()).toThrow('list.json:1 (items[1]): not a Kubernetes object (expected a mapping with apiVersion and kind)');
  });
});

describe('a big List with a second "items" key after its items', () => {
  it('loads as JSON.parse reads it (the last key wins), whole or streamed', () => {
    const many = pretty(Array.from({ length: 6000 }, (_, i) => ns(`n${i}`)));
    expect(many.length).toBeGreaterThan(1024 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-bytes-two-'));
    writeFileSync(join(dir, 'list.json'), many.replace('    "kind": "List"', '    "items": [],\n    "kind": "List"'));
    writeFileSync(join(dir, 'one.json'), JSON.stringify(ns('only')));
    const expected = { objects: [JSON.parse(JSON.stringify(ns('only')))], warnings: [] };
    expect(outcome(dir, { streamAbove: Infinity })).toEqual(expected);
    expect(outcome(dir, {})).toEqual(expected);
  });
});

/** What the loader does with one big file: cut on the bytes, fed again to the scanner if asked, or read whole. */
const paths = { bytes: 0, retried: 0 };

function pipeline(path: string, bytes: Buffer, size: number): { objects?: string; error?: string } {
  const feed = (p: StreamingFileParser) => {
    for (let i = 0; i < bytes.length && !p.stopped; i += size) p.write(Buffer.from(bytes.subarray(i, i + size)));
    return p.end();
  };
  const first = new StreamingFileParser(path, OPTIONS);
  try {
    const parsed = feed(first) ?? (first.retry ? feed(first.again()) : undefined) ?? parseKubernetesFile(path, decodeText(path, bytes), OPTIONS);
    return { objects: JSON.stringify(parsed) };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { error: e.message };
  } finally {
    if (first.cutOnBytes) paths.bytes++;
    if (first.retry) paths.retried++;
  }
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const INSERTS = ['{', '}', '[', ']', ',', '"', '\\', '\n', '\n        }', '\n        },', '\n    ]', '\r\n', ' ', '\u00e9', '"items": [', '\n        {'];

describe('mutated pretty-printed Lists fed in small chunks agree with the whole file', () => {
  it('the same objects when it loads, an error naming the file when it does not', () => {
    const random = rng(1313);
    const items = Array.from({ length: 12 }, (_, i) => ns(`n${i}`, { spec: { finalizers: ['kubernetes', `x${i}\n        },`] } }));
    const differ: string[] = [];
    let loaded = 0;
    for (let i = 0; i < 300; i++) {
      let text = pretty(items);
      for (let k = 1 + Math.floor(random() * 2); k > 0; k--) {
        const p = Math.floor(random() * text.length);
        text = random() < 0.7 ? text.slice(0, p) + INSERTS[Math.floor(random() * INSERTS.length)] + text.slice(p) : text.slice(0, p) + text.slice(p + 1 + Math.floor(random() * 6));
      }
      const bytes = Buffer.from(text);
      let whole: { objects?: string; error?: string };
      try {
        whole = { objects: JSON.stringify(parseKubernetesFile('l.json', decodeText('l.json', bytes), OPTIONS)) };
      } catch (e) {
        whole = { error: (e as Error).message };
      }
      const size = [16, 100, 1000][i % 3];
      const got = pipeline('l.json', bytes, size);
      const same = whole.error ? Boolean(got.error?.startsWith('l.json:')) : got.objects === whole.objects;
      if (!same) differ.push(`case ${i} (chunks of ${size}): ${JSON.stringify(whole).slice(0, 160)} vs ${JSON.stringify(got).slice(0, 160)}`);
      if (!whole.error) loaded++;
    }
    expect(differ).toEqual([]);
    expect(loaded).toBeGreaterThan(40);
    // Both ways were taken: cut on the bytes, and fed again to the scanner.
    expect(paths.bytes).toBeGreaterThan(40);
    expect(paths.retried).toBeGreaterThan(20);
  });
});
