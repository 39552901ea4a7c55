// Issue #13: the JSON List splitter finds each item of `"items": [...]` as the text arrives, whatever the chunks.
import { describe, expect, it } from 'vitest';
import { JsonListSplitter, NotStreamable } from '../../src/sources/stream-json-list.js';

interface Split {
  items: Array<{ text: string; line: number; index: number }>;
  rest: string;
  cut: boolean;
}

function split(chunks: string[]): Split {
  const items: Split['items'] = [];
  const s = new JsonListSplitter((text, line, index) => items.push({ text, line, index }));
  for (const c of chunks) s.push(c);
  const rest = s.end();
  expect(s.items).toBe(items.length);
  return { items, rest, cut: s.cut };
}

/** The text cut into chunks of `size` characters. */
const chunked = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

function failure(chunks: string[]): { line: number; message: string } {
  try {
    split(chunks);
  } catch (e) {
    expect(e).toBeInstanceOf(NotStreamable);
    return { line: (e as NotStreamable).line, message: (e as Error).message };
  }
  throw new Error('expected NotStreamable');
}

const tricky = {
  apiVersion: 'v1',
  items: [
    { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' }, data: { brackets: '}]{["', quote: 'say "hi"', slash: 'C:\\dir\\', both: '\\"}', unicode: 'é\u2028' } },
    { kind: 'List', apiVersion: 'v1', metadata: { name: 'nested' }, items: [{ a: [1, { b: '[' }] }, []] },
    { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a":"}\\"]"}\n' } } },
  ],
  kind: 'List',
  metadata: { resourceVersion: '' },
};

describe('JSON List splitter', () => {
  it('cuts each item out of a pretty-printed List, with the line each starts on, and keeps the rest with "items": []', () => {
    const text = JSON.stringify(tricky, null, 4) + '\n';
    const r = split([text]);
    expect(r.items.map((i) => JSON.parse(i.text))).toEqual(tricky.items);
    expect(r.items.map((i) => [i.line, i.index])).toEqual([
      [4, 0],
      [18, 1],
      [36, 2],
    ]);
    expect(text.split('\n')[r.items[1].line - 1]).toBe('        {');
    expect(JSON.parse(r.rest)).toEqual({ ...tricky, items: [] });
    expect(r.cut).toBe(true);
  });

  it('gives the same items whatever the chunk size: strings, escapes and brackets split across chunks', () => {
    for (const text of [JSON.stringify(tricky), JSON.stringify(tricky, null, 2)]) {
      const whole = split([text]);
      for (const size of [1, 2, 3, 5, 7, 13, 64]) expect(split(chunked(text, size))).toEqual(whole);
    }
  });

  it('cuts a chunk boundary between a backslash and the quote it escapes', () => {
    const text = '{"items":[{"a":"x\\"}"}],"kind":"List"}';
    const at = text.indexOf('\\') + 1;
    const r = split([text.slice(0, at), text.slice(at)]);
    expect(r.items.map((i) => JSON.parse(i.text))).toEqual([{ a: 'x"}' }]);
    expect(r.rest).toBe('{"items":[],"kind":"List"}');
  });

  it('leaves an empty List as it is, and a document without items whole', () => {
    expect(split(['{"kind":"List","items":[ ]}'])).toEqual({ items: [], rest: '{"kind":"List","items":[]}', cut: true });
    const pod = '{"kind":"Pod","metadata":{"name":"p","items":[{"x":1}]}}';
    expect(split(chunked(pod, 4))).toEqual({ items: [], rest: pod, cut: false });
    // A value that is no array, and a string that reads "items" as a value, are not cut either.
    expect(split(['{"items":null,"k":"items","v":["items"]}'])).toEqual({ items: [], rest: '{"items":null,"k":"items","v":["items"]}', cut: false });
  });

  it('only cuts the items of the top-level object: nested "items" stay inside their item', () => {
    const r = split([JSON.stringify({ metadata: { items: [{ a: 1 }] }, items: [{ items: [{ b: 2 }] }] })]);
    expect(r.items.map((i) => i.text)).toEqual(['{"items":[{"b":2}]}']);
    expect(r.rest).toBe('{"metadata":{"items":[{"a":1}]},"items":[]}');
  });

  it('stops, with the line, where the text is not a List it can vouch for', () => {
    expect(failure(['{\n"items": [\n{"a": 1}\n{"b": 2}\n]}'])).toEqual({ line: 4, message: 'line 4: expected "," or "]" after an item' });
    expect(failure(['{"items": [{"a": 1},\n]}'])).toEqual({ line: 2, message: 'line 2: a comma before "]"' });
    expect(failure(['{"items": [\n\n 1]}'])).toEqual({ line: 3, message: 'line 3: an item of "items" that is not an object' });
    expect(failure(['{"items": [], "items": [{}]}']).message).toBe('line 1: a second "items" key');
    expect(failure(['{"it\\u0065ms": [{}]}']).message).toBe('line 1: a top-level key with an escape');
    expect(failure(['[{"kind": "Pod"}]']).message).toBe('line 1: not a JSON object');
    expect(failure(['{"items": [{}]}\n\n{}']).message).toBe('line 3: text after the end of the JSON value');
    expect(failure(['{"items": [{"a": "b']).message).toBe('line 1: unterminated string');
    expect(failure(['{"items": [{"a": 1}', '\n\n']).message).toBe('line 3: unexpected end of the text');
  });

  it('counts lines across chunks', () => {
    const text = '{\n"items": [\n{"a": 1},\n{"b":\n"x"}\n,\n{"c": 3}\n]\n}';
    const whole = split([text]).items.map((i) => i.line);
    expect(whole).toEqual([3, 4, 7]);
    for (const size of [1, 2, 5]) expect(split(chunked(text, size)).items.map((i) => i.line)).toEqual(whole);
    expect(failure(chunked('{\n"items": [\n{"a": 1},\n\n]}', 3)).line).toBe(5);
  });
});
