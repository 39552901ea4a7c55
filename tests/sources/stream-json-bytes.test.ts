// Issue #13: a big JSON List cut on its bytes (stream-json-indented.ts) loads to exactly what the whole-file loader
// gives; whatever the cut cannot vouch for goes to the scanner, from the start of the file if items were already
// handed over (`retry`: a folder's file is read again, an archive's entry decompressed again).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { c as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_LIMITS } from '../../src/sources/limits.js';
import { parseKubernetesFile } from '../../src/sources/parse-documents.js';
import { type LoadOptions } from '../../src/sources/snapshot-files.js';
import { StreamingFileParser } from '../../src/sources/stream-file.js';
import { loadOutcome, snapshotFolder } from '../helpers/snapshot-folder.js';

const WHOLE: LoadOptions = { streamAbove: Infinity };
const OPTIONS = { trim: true, limits: DEFAULT_LIMITS };
const MIB = 1024 * 1024;

const folder = (files: Record<string, string | Buffer>) => snapshotFolder(files, 'arcdoctor-bytes-');

const outcome = loadOutcome;

function streamed(path: string, bytes: Buffer, size: number, scanOnly = false) {
  const parser = new StreamingFileParser(path, OPTIONS, scanOnly);
  try {
    for (let i = 0; i < bytes.length && !parser.stopped; i += size) parser.write(Buffer.from(bytes.subarray(i, i + size)));
    const parsed = parser.end();
    return { parsed: parsed && JSON.parse(JSON.stringify(parsed)), stopped: parser.stopped, retry: parser.retry, cutOnBytes: parser.cutOnBytes };
  } catch (e) {
    // The scanner's own verdict on an item (its line), as the loader reports it.
    expect(e).toBeInstanceOf(UsageError);
    return { error: (e as Error).message, stopped: parser.stopped, retry: parser.retry, cutOnBytes: parser.cutOnBytes };
  }
}

const pod = (i: number, extra: Record<string, unknown> = {}) => ({
  metadata: { name: `p${i}`, namespace: 'ns', managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }], annotations: { note: `a\n        },\n        {"x": ${i}` } },
  spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'A', value: '1' }] }], nodeName: 'n1' },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  ...extra,
});
const podList = (n: number, indent: number | string = 4) => JSON.stringify({ apiVersion: 'v1', items: Array.from({ length: n }, (_, i) => pod(i)), kind: 'PodList', metadata: { resourceVersion: '7' } }, null, indent) + '\n';
const whole = (path: string, text: string) => JSON.parse(JSON.stringify(parseKubernetesFile(path, text, OPTIONS)));

describe('JSON Lists cut on their bytes load as the whole file does', () => {
  it('a pretty-printed typed List: cut on the bytes at every chunk size, items trimmed, kinds filled in', () => {
    const text = podList(40);
    const expected = whole('pods.json', text);
    expect(expected.objects).toHaveLength(40);
    expect(expected.objects[0]).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p0' } });
    expect(expected.objects[0].metadata.managedFields).toBeUndefined();
    for (const size of [1, 7, 64, 4096, MIB]) {
      expect({ size, ...streamed('pods.json', Buffer.from(text), size) }).toEqual({ size, parsed: expected, stopped: undefined, retry: false, cutOnBytes: true });
    }
  });

  it('CRLF line endings, tabs and a UTF-8 BOM are cut on the bytes too', () => {
    for (const text of [podList(5).replace(/\n/g, '\r\n'), podList(5, '\t'), '\uFEFF' + podList(5, 2)]) {
      const expected = whole('pods.json', text.replace(/^\uFEFF/, ''));
      expect(streamed('pods.json', Buffer.from(text), 50)).toEqual({ parsed: expected, stopped: undefined, retry: false, cutOnBytes: true });
    }
  });

  it('a minified List goes to the scanner from the start, with nothing read twice', () => {
    const text = JSON.stringify(JSON.parse(podList(5)));
    expect(streamed('pods.json', Buffer.from(text), 64)).toEqual({ parsed: whole('pods.json', text), stopped: undefined, retry: false, cutOnBytes: false });
  });

  it('a List whose first run does not parse goes to the scanner with the bytes held, and the scanner names the item', () => {
    const text = podList(3).replace('"phase": "Running"', '"phase" "Running"');
    const line = text.slice(0, text.indexOf('"phase" "Running"')).split('\n').length;
    const r = streamed('pods.json', Buffer.from(text), MIB);
    const error = `pods.json:${line}: invalid JSON: Expected ':' after property name`;
    expect(r).toEqual({ error, stopped: error, retry: false, cutOnBytes: false });
    expect(() => parseKubernetesFile('pods.json', text, OPTIONS)).toThrow(`pods.json:${line}: invalid JSON: Expected ':' after property name`);
  });

  it('once items were handed over, a cut it cannot vouch for asks to be fed again, and the scanner then decides', () => {
    const text = podList(20).replace('"name": "p15"', '"name" "p15"');
    const r = streamed('pods.json', Buffer.from(text), 512);
    expect(r).toEqual({ parsed: undefined, stopped: 'line 1: the indented cut gave up: a run of items that does not parse alone', retry: true, cutOnBytes: false });
    const line = text.slice(0, text.indexOf('"name" "p15"')).split('\n').length;
    expect(streamed('pods.json', Buffer.from(text), 512, true).error).toBe(`pods.json:${line}: invalid JSON: Expected ':' after property name`);
    const again = new StreamingFileParser('pods.json', OPTIONS).again();
    again.write(Buffer.from(podList(2)));
    expect({ objects: again.end()?.objects.length, cutOnBytes: again.cutOnBytes }).toEqual({ objects: 2, cutOnBytes: false });
  });
});

/** A List of about `size` bytes whose item across `at` closes a nested object at the items' indentation before `at`. */
function oddList(size: number, at: number): string {
  const head = '{\n    "apiVersion": "v1",\n    "items": [\n';
  const items: string[] = [];
  let length = head.length;
  for (let i = 0; length < at - 3000; i++) {
    const item = JSON.stringify(pod(i, { apiVersion: 'v1', kind: 'Pod' }), null, 4).replace(/\n/g, '\n        ');
    items.push(`        ${item}`);
    length += item.length + 10;
  }
  let text = head + items.join(',\n') + ',\n';
  // Valid JSON, printed oddly: `data`'s `}` at the items' indentation, the item's end past `at`.
  text += `        {\n            "apiVersion": "v1",\n            "kind": "ConfigMap",\n            "metadata": {"name": "odd", "namespace": "ns"},\n            "data": {\n        },\n            "binaryData": {"pad": "${'x'.repeat(at - text.length + 2000)}"}\n        }`;
  const rest: string[] = [];
  for (let i = 0; text.length + rest.join(',\n').length < size; i++) rest.push(`        ${JSON.stringify(pod(100000 + i, { apiVersion: 'v1', kind: 'Pod' }), null, 4).replace(/\n/g, '\n        ')}`);
  return `${text},\n${rest.join(',\n')}\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`;
}

describe('a big file the cut gives up on after handing items over is fed again', () => {
  const text = oddList(2.5 * MIB, 2 * MIB);
  const expected = whole('odd.json', text);

  it('valid but oddly indented: the folder file is read again and loads as the whole file does', () => {
    expect(text.indexOf('\n        },\n            "binaryData"')).toBeLessThan(2 * MIB);
    expect(text.indexOf('"}\n        }', 2 * MIB - 1000)).toBeGreaterThan(2 * MIB);
    expect(streamed('odd.json', Buffer.from(text), MIB)).toMatchObject({ parsed: undefined, retry: true });
    expect(streamed('odd.json', Buffer.from(text), MIB, true)).toEqual({ parsed: expected, stopped: undefined, retry: false, cutOnBytes: false });
    const dir = folder({ 'odd.json': text });
    const loaded = outcome(dir, WHOLE) as { objects: unknown[] };
    expect(loaded.objects.length).toBe(expected.objects.length);
    expect(outcome(dir, { streamAbove: MIB })).toEqual(loaded);
  });

  it('the same as an archive entry: decompressed again and scanned', async () => {
    // Node names no position for this one: only the scanner, fed again, knows the item's line (the whole file says 1).
    const bad = text.replace('"name": "p100010"', '"name": }');
    const dir = folder({ 'dump/odd.json': text, 'dump/bad.json': bad });
    const file = join(dir, 'b.tgz');
    await tarCreate({ gzip: true, file, cwd: dir, portable: true }, ['dump']);
    const itemLine = bad.slice(0, bad.lastIndexOf('\n        {', bad.indexOf('"name": }'))).split('\n').length + 1;
    const message = (where: string) => new RegExp(`^${where}/bad.json:${itemLine}: invalid JSON: Unexpected token '}', .*"name": }.* is not valid JSON$`);
    expect((outcome(join(dir, 'dump'), WHOLE) as { error: string }).error).toMatch(new RegExp(`^${join(dir, 'dump')}/bad.json:1: invalid JSON: Unexpected token '}'`));
    expect((outcome(join(dir, 'dump'), { streamAbove: MIB }) as { error: string }).error).toMatch(message(join(dir, 'dump')));
    expect((outcome(file, { streamAbove: MIB }) as { error: string }).error).toMatch(message(`${file}/dump`));
    writeFileSync(join(dir, 'dump/bad.json'), '{"apiVersion": "v1", "kind": "List", "items": []}');
    const good = join(dir, 'good.tgz');
    await tarCreate({ gzip: true, file: good, cwd: dir, portable: true }, ['dump']);
    const fromTgz = outcome(good, { streamAbove: MIB }) as { objects: unknown[] };
    expect(fromTgz.objects).toEqual((outcome(join(dir, 'dump'), WHOLE) as { objects: unknown[] }).objects);
    expect(fromTgz.objects.length).toBe(expected.objects.length);
  });
});
