// Issue #13: a big file parsed as its bytes arrive gives exactly what the whole-file loader gives: the same objects
// on every examples/ snapshot (folder and .tgz), and the same `file:line: what is wrong` on bad input.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { c as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/sources/limits.js';
import { parseKubernetesFile } from '../../src/sources/parse-documents.js';
import { loadSnapshot, type LoadOptions } from '../../src/sources/snapshot-files.js';
import { StreamingFileParser } from '../../src/sources/stream-file.js';
import { loadOutcome, snapshotFolder } from '../helpers/snapshot-folder.js';

const STREAM: LoadOptions = { streamAbove: 0 };
const examples = readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const folder = (files: Record<string, string | Buffer>) => snapshotFolder(files, 'arcdoctor-stream-');

const outcome = loadOutcome;

/** A file fed to the streaming parser `size` bytes at a time. */
function streamed(path: string, bytes: Buffer, size: number, options = { trim: true, limits: DEFAULT_LIMITS }) {
  const parser = new StreamingFileParser(path, options);
  for (let i = 0; i < bytes.length && !parser.stopped; i += size) parser.write(bytes.subarray(i, i + size));
  return { parsed: parser.end(), stopped: parser.stopped };
}

describe('streamed files give what the whole-file loader gives', () => {
  it('every Kubernetes file of examples/, cut at odd byte counts: same objects, and the Lists really streamed', () => {
    let lists = 0;
    for (const name of examples) {
      for (const rel of readdirSync(`examples/${name}`, { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ya?ml|json)$/.test(rel) || rel === 'snapshot.yaml' || rel.startsWith('azure')) continue;
        const path = `examples/${name}/${rel}`;
        const bytes = readFileSync(path);
        const whole = parseKubernetesFile(path, bytes.toString('utf8'), { trim: true, limits: DEFAULT_LIMITS });
        for (const size of [7, 4096]) {
          const { parsed, stopped } = streamed(path, bytes, size);
          if (/^items:\s*$/m.test(bytes.toString('utf8')) || /"items": \[/.test(bytes.toString('utf8'))) {
            expect({ path, stopped }).toEqual({ path, stopped: undefined });
            lists++;
          }
          if (parsed) expect(JSON.parse(JSON.stringify(parsed))).toEqual(JSON.parse(JSON.stringify(whole)));
        }
      }
    }
    expect(lists).toBeGreaterThan(150);
  });

  it('every examples/ snapshot loads the same streamed as whole, as a folder and as a .tgz', async () => {
    for (const name of examples) {
      const whole = outcome(`examples/${name}`);
      expect(outcome(`examples/${name}`, STREAM)).toEqual(whole);
      const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-stream-tgz-'));
      const file = join(dir, 'bundle.tgz');
      await tarCreate({ gzip: true, file, cwd: 'examples', portable: true }, [name]);
      const fromTgz = outcome(file, STREAM) as { info: { name: string } };
      expect({ ...fromTgz, info: { ...fromTgz.info, name: 'x' } }).toEqual({ ...(whole as object), info: { ...(whole as { info: object }).info, name: 'x' } });
    }
  });

  it('UTF-8 sequences cut by a chunk boundary (2, 3 and 4 bytes) and a BOM decode as the whole file does', () => {
    const text = '\uFEFFapiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: caf\u00e9}\n  data: {a: "\u65e5\u672c \u{1F680}"}\n';
    const bytes = Buffer.from(text, 'utf8');
    const whole = parseKubernetesFile('x.yaml', text.slice(1), { trim: true, limits: DEFAULT_LIMITS });
    for (const size of [1, 2, 3, 5]) {
      const { parsed, stopped } = streamed('x.yaml', bytes, size);
      expect({ size, stopped, parsed }).toEqual({ size, stopped: undefined, parsed: whole });
    }
    expect(whole.objects[0].data).toEqual({ a: '\u65e5\u672c \u{1F680}' });
    // A sequence left unfinished at the end is no UTF-8: read whole, the decoder says so.
    expect(streamed('x.yaml', bytes.subarray(0, bytes.length - 4), 7).stopped).toBe('line 1: not UTF-8 at the end');
  });

  it('JSON items are trimmed as they are parsed; kind-less items of a typed list are filled in and trimmed too', () => {
    const pod = (name: string, extra = {}) => ({ metadata: { name, namespace: 'x', managedFields: [{ manager: 'm' }] }, spec: { containers: [{ name: 'c', env: [{ name: 'A' }] }] }, ...extra });
    const dir = folder({ 'pods.json': JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [pod('a'), { apiVersion: 'v1', kind: 'Pod', ...pod('b') }] }, null, 2) });
    const snap = loadSnapshot(dir, STREAM);
    expect(snap.objects().map((o) => [o.kind, o.metadata.name, o.metadata.managedFields, o.spec.containers[0].env])).toEqual([
      ['Pod', 'a', undefined, undefined],
      ['Pod', 'b', undefined, undefined],
    ]);
    expect(outcome(dir, STREAM)).toEqual(outcome(dir));
  });
});

describe('streamed files keep the error contract of the whole-file loader', () => {
  const list = (items: string) => `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n${items}\n  ]\n}\n`;
  const ns = (name: string) => `    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "${name}"}}`;
  const cases: Record<string, Record<string, string | Buffer>> = {
    'an invalid JSON item': { 'ns.json': list(`${ns('a')},\n    {"apiVersion": "v1", "kind": }`) },
    'a missing comma between items': { 'ns.json': list(`${ns('a')}\n${ns('b')}`) },
    'a trailing comma': { 'ns.json': list(`${ns('a')},`) },
    'an item that is no object': { 'ns.json': list(`${ns('a')},\n    42`) },
    'an item without kind': { 'ns.json': list(`${ns('a')},\n    {"apiVersion": "v1", "metadata": {"name": "x"}}`) },
    'truncated JSON': { 'ns.json': list(ns('a')).slice(0, 80) },
    'invalid YAML in an item': { 'ns.yaml': 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- kind: Namespace\n  metadata: {name: [b}\nkind: List\n' },
    'a YAML item without metadata.name': { 'ns.yaml': 'items:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Namespace\n  metadata: {}\n' },
    'a duplicate key in a YAML item': { 'mc.yaml': 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n  kind: Namespace\nkind: List\n' },
    'an anchor in one item, its alias in the next': { 'ns.yaml': 'items:\n- apiVersion: v1\n  kind: Namespace\n  metadata: &m {name: a}\n- apiVersion: v1\n  kind: Namespace\n  metadata: *m\n' },
    'an alias shared within an item': { 'ns.yaml': 'items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: &d {k: v}\n  binaryData: *d\n' },
    'an alias bomb in an item': { 'b.yaml': `items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 7 }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`).join('\n')}\n` },
    'a tag in an item': { 'ns.yaml': 'items:\n- apiVersion: !!str v1\n  kind: Namespace\n  metadata: {name: a}\n- apiVersion: v1\n  kind: !custom Namespace\n  metadata: {name: b}\n' },
    'several YAML documents': { 'ns.yaml': 'items:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n' },
    'UTF-16 with a BOM': { 'ns.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(list(ns('a')), 'utf16le')]) },
    'UTF-16 without a BOM': { 'ns.json': Buffer.from(list(ns('a')), 'utf16le') },
    'a UTF-8 BOM': { 'ns.yaml': '\uFEFFapiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n' },
    'Latin-1 bytes': { 'ns.yaml': Buffer.from('items:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: caf\u00e9}\n', 'latin1') },
    'a NUL byte': { 'ns.json': list(ns('a')).replace('Namespace', 'Name\u0000space') },
  };
  for (const [what, files] of Object.entries(cases)) {
    if (what === 'an invalid JSON item') continue; // said at the item's line, below
    it(`${what}: the same outcome, streamed or whole`, () => {
      const dir = folder(files);
      expect(outcome(dir, STREAM)).toEqual(outcome(dir));
    });
  }

  it('names the line of a bad item (JSON and YAML), exit-2 style', () => {
    const json = folder(cases['an invalid JSON item']);
    // Node names no position for this one: the whole-file parse can only say line 1, the stream knows the item.
    expect(outcome(json)).toEqual({ error: `${json}/ns.json:1: invalid JSON: Unexpected token '}', ...", "kind": }\\n  ]\\n}\\n" is not valid JSON` });
    expect(outcome(json, STREAM)).toEqual({ error: `${json}/ns.json:6: invalid JSON: Unexpected token '}', ...", "kind": }" is not valid JSON` });
    const positioned = folder({ 'ns.json': list(`${ns('a')},\n    {"apiVersion": "v1",\n     "kind" "Namespace"}`) });
    expect(outcome(positioned, STREAM)).toEqual(outcome(positioned));
    expect(outcome(positioned, STREAM)).toEqual({ error: `${positioned}/ns.json:7: invalid JSON: Unexpected string` });
    const yaml = folder(cases['invalid YAML in an item']);
    expect((outcome(yaml, STREAM) as { error: string }).error).toMatch(new RegExp(`^${yaml}/ns.yaml:7: invalid YAML: `));
    const dup = folder(cases['a duplicate key in a YAML item']);
    expect((outcome(dup, STREAM) as { warnings: string[] }).warnings).toEqual([]);
  });

  it('the 8 MiB scalar cap and --max-file-size hold for streamed files', () => {
    const big = `items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    big: "${'x'.repeat(3000)}"\n`;
    const dir = folder({ 'cm.yaml': big });
    const capped = { ...STREAM, limits: { ...DEFAULT_LIMITS, maxScalarSize: 1024 } };
    expect(outcome(dir, capped)).toEqual({ error: `${dir}/cm.yaml:6: a YAML scalar of more than 1K (a Kubernetes object holds at most 1.5 MiB); is this a kubectl dump?` });
    expect(outcome(dir, { ...STREAM, limits: { ...DEFAULT_LIMITS, maxFileSize: 1024 } })).toEqual({ error: `${dir}/cm.yaml: 3K is more than the 1K a snapshot file may hold (raise it with --max-file-size)` });
  });

  it('an archive entry the stream gives up on is read whole again, and reports as the folder does', async () => {
    for (const [what, files] of Object.entries(cases)) {
      const dir = folder(Object.fromEntries(Object.entries(files).map(([k, v]) => [`dump/${k}`, v])));
      const file = join(dir, 'b.tgz');
      await tarCreate({ gzip: true, file, cwd: dir, portable: true }, ['dump']);
      const inFolder = JSON.stringify(outcome(join(dir, 'dump'), STREAM)).replaceAll(join(dir, 'dump'), 'B');
      expect({ what, streamed: JSON.stringify(outcome(file, STREAM)).replaceAll(`${file}/dump`, 'B').replaceAll(file, 'B') }).toEqual({ what, streamed: inFolder });
    }
  });
});
