// Issue #13: a pretty-printed JSON List cut into runs of whole items on its raw bytes, whatever the chunks; anything
// that is not that shape is refused (NotIndented) before a wrong item can get out.
import { describe, expect, it } from 'vitest';
import { IndentedJsonListSplitter, NotIndented } from '../../src/sources/stream-json-indented.js';

interface Cut {
  runs: unknown[][];
  text: string;
  itemsAt: number;
}

function cut(bytes: Buffer, size = bytes.length): Cut {
  const runs: unknown[][] = [];
  const s = new IndentedJsonListSplitter((text) => runs.push(JSON.parse(text) as unknown[]));
  for (let i = 0; i < bytes.length; i += size) {
    const chunk = Buffer.from(bytes.subarray(i, i + size));
    s.push(chunk);
    chunk.fill(0x21); // a reader reuses its buffer: what was pushed must have been copied
  }
  return { runs, ...s.end() };
}

function refusal(bytes: Buffer, size = bytes.length): { reason: string; consumed: boolean } {
  const s = new IndentedJsonListSplitter((text) => JSON.parse(text));
  try {
    for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
    s.end();
  } catch (e) {
    expect(e).toBeInstanceOf(NotIndented);
    return { reason: (e as Error).message, consumed: s.consumed };
  }
  throw new Error('expected NotIndented');
}

const items = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { close: '\n        },\n        {', crlf: '\r\n        }', brackets: '}]{["' } },
  { apiVersion: 'v1', kind: 'List', metadata: { name: 'nested' }, items: [{ a: [1, { b: '[' }] }, { items: [] }] },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'caf\u00e9-\u65e5\u672c-\u{1F680}', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a":"}\\"]"}\n' } } },
];
const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
const pretty = JSON.stringify(list, null, 4) + '\n';
const around = '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';

describe('indented JSON List cut on its bytes', () => {
  it('hands over every item in runs and keeps the text around them, with the offset of the items\' "["', () => {
    const r = cut(Buffer.from(pretty));
    expect(r.runs).toEqual([items]);
    expect(r.text).toBe(around);
    expect(r.itemsAt).toBe(around.indexOf('['));
    // Escaped line breaks inside strings are no closing line: `"\n        },"` is the text `\n` in JSON.
    expect(pretty.split('\n').filter((l) => l === '        },' || l === '        }')).toEqual(['        },', '        },', '        }']);
  });

  it('gives the same items and text whatever the chunk size, UTF-8 sequences cut included', () => {
    const bytes = Buffer.from(pretty);
    for (const size of [1, 2, 3, 5, 7, 13, 64, 1000]) {
      const r = cut(bytes, size);
      expect({ size, items: r.runs.flat(), text: r.text, itemsAt: r.itemsAt }).toEqual({ size, items, text: around, itemsAt: around.indexOf('[') });
      expect(r.runs.length).toBeGreaterThan(size < 1000 ? 1 : 0);
    }
  });

  it('cuts two-space, tab and CRLF Lists, and skips a UTF-8 BOM', () => {
    for (const text of [JSON.stringify(list, null, 2), JSON.stringify(list, null, '\t'), pretty.replace(/\n/g, '\r\n'), '\uFEFF' + pretty]) {
      const r = cut(Buffer.from(text), 7);
      expect(r.runs.flat()).toEqual(items);
      expect(JSON.parse(r.text)).toEqual({ ...list, items: [] });
      expect(r.text.charCodeAt(0)).toBe(0x7b);
    }
  });

  it('a List of one item, and the items not first among the keys', () => {
    const one = { kind: 'PodList', metadata: { resourceVersion: '1' }, items: [items[0]], apiVersion: 'v1' };
    const r = cut(Buffer.from(JSON.stringify(one, null, 4)), 5);
    expect(r.runs.flat()).toEqual([items[0]]);
    expect(JSON.parse(r.text)).toEqual({ ...one, items: [] });
    expect(r.text.slice(r.itemsAt - 9, r.itemsAt + 2)).toBe('"items": []');
  });

  it('refuses what is not a pretty-printed List, before handing anything over', () => {
    expect(refusal(Buffer.from(JSON.stringify(list)))).toEqual({ reason: 'no pretty-printed "items"', consumed: false });
    expect(refusal(Buffer.from(JSON.stringify({ ...list, items: [] }, null, 4)))).toEqual({ reason: 'no pretty-printed "items"', consumed: false });
    expect(refusal(Buffer.from(JSON.stringify({ kind: 'Pod', metadata: { name: 'p' } }, null, 4)))).toEqual({ reason: 'no pretty-printed "items"', consumed: false });
    // Items printed one per line: no closing line at their indentation.
    const oneLine = `{\n  "kind": "List",\n  "items": [\n    {"kind": "Namespace"},\n    {"kind": "Namespace"}\n  ]\n}\n`;
    expect(refusal(Buffer.from(oneLine))).toEqual({ reason: 'the items do not end', consumed: false });
    // The start is looked for in the first 64 KiB only.
    const late = `{\n  "metadata": {"a": "${'x'.repeat(70000)}"},\n  "items": [\n    {\n      "kind": "Namespace"\n    }\n  ]\n}\n`;
    expect(refusal(Buffer.from(late), 4096)).toEqual({ reason: 'no pretty-printed "items" near the start', consumed: false });
  });

  it('refuses a run followed by anything but "," or "]", and a text that ends inside the items', () => {
    const noComma = pretty.replace('        },\n        {\n            "apiVersion": "v1",\n            "kind": "Pod"', '        }\n        {\n            "apiVersion": "v1",\n            "kind": "Pod"');
    expect(noComma).not.toBe(pretty);
    expect(refusal(Buffer.from(noComma), 64)).toEqual({ reason: 'neither "," nor "]" after an item', consumed: true });
    expect(refusal(Buffer.from(pretty.slice(0, pretty.lastIndexOf(']'))), 64)).toEqual({ reason: 'the items do not end', consumed: true });
  });

  it('refuses bytes that are not UTF-8 in a run or around the items', () => {
    const bytes = Buffer.from(pretty);
    const inItem = Buffer.from(bytes);
    inItem[pretty.indexOf('ConfigMap')] = 0xe9;
    expect(refusal(inItem)).toEqual({ reason: 'not UTF-8', consumed: false });
    const inTail = Buffer.from(bytes);
    inTail[pretty.lastIndexOf('List')] = 0xe9;
    expect(refusal(inTail, 64)).toEqual({ reason: 'not UTF-8', consumed: true });
  });

  it('runs end within 64 KiB of their start, or at the first item end past it when one item is longer', () => {
    const big = { kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(100 * 1024) } };
    const small = (i: number) => ({ kind: 'ConfigMap', metadata: { name: `s${i}` } });
    const texts: string[] = [];
    const s = new IndentedJsonListSplitter((text) => texts.push(text));
    s.push(Buffer.from(JSON.stringify({ items: [small(0), big, small(1), small(2)], kind: 'List' }, null, 4)));
    s.end();
    expect(texts.map((t) => (JSON.parse(t) as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name))).toEqual([['s0'], ['big', 's1', 's2']]);
    const many = Array.from({ length: 3000 }, (_, i) => small(i));
    const runs: number[] = [];
    const t = new IndentedJsonListSplitter((text) => runs.push(text.length));
    t.push(Buffer.from(JSON.stringify({ items: many, kind: 'List' }, null, 4)));
    t.end();
    expect(Math.max(...runs)).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(Math.max(...runs)).toBeGreaterThan(63 * 1024);
    expect(runs.length).toBe(Math.ceil(runs.reduce((a, n) => a + n, 0) / (64 * 1024)));
  });

  it('an item longer than the cap without its closing line is refused instead of held', () => {
    const s = new IndentedJsonListSplitter(() => undefined);
    s.push(Buffer.from('{\n    "items": [\n        {\n            "a": "'));
    const mib = Buffer.alloc(1024 * 1024, 0x61);
    let reason = '';
    try {
      for (let i = 0; i < 17; i++) s.push(mib);
    } catch (e) {
      reason = (e as Error).message;
    }
    expect(reason).toBe('an item without its closing line');
  });

  it('held() gives back every byte while nothing was handed over, and refuses once something was', () => {
    const s = new IndentedJsonListSplitter(() => undefined);
    const start = Buffer.from(pretty.slice(0, 200));
    s.push(start.subarray(0, 50));
    s.push(start.subarray(50));
    expect(s.consumed).toBe(false);
    expect(s.held().toString()).toBe(pretty.slice(0, 200));
    s.push(Buffer.from(pretty.slice(200)));
    expect(s.consumed).toBe(true);
    expect(() => s.held()).toThrow('the splitter already handed items over');
  });
});
