// Issue #13: the YAML List splitter cuts `kubectl get -o yaml` output at its `- ` entries as the text arrives.
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { NotStreamable } from '../../src/sources/stream-json-list.js';
import { YamlListSplitter } from '../../src/sources/stream-yaml-list.js';

interface Split {
  items: Array<{ text: string; line: number }>;
  rest: string;
  cut: boolean;
}

function split(chunks: string[]): Split {
  const items: Split['items'] = [];
  const s = new YamlListSplitter((text, line, index) => {
    expect(index).toBe(items.length);
    items.push({ text, line });
  });
  for (const c of chunks) s.push(c);
  const rest = s.end();
  return { items, rest, cut: s.cut };
}

const chunked = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

function failure(chunks: string[]): string {
  try {
    split(chunks);
  } catch (e) {
    expect(e).toBeInstanceOf(NotStreamable);
    return (e as Error).message;
  }
  throw new Error('expected NotStreamable');
}

const load = (text: string) => jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });

// kubectl's shape: entries at column 0; a block scalar whose lines look like entries; a nested List inside an item.
const kubectl = `# kubectl get cm -A -o yaml
apiVersion: v1
items:
- apiVersion: v1
  data:
    script: |
      - not an item
      *nat
    quoted: "a: b # c"
  kind: ConfigMap
  metadata:
    name: a
# between items

- apiVersion: v1
  kind: List
  items:
  - kind: Pod
  metadata: {name: nested}
kind: List
metadata:
  resourceVersion: ""
`;

describe('YAML List splitter', () => {
  it('cuts each entry at column 0 (kubectl), keeping comments with the item before, with the line each starts on', () => {
    const r = split([kubectl]);
    expect(r.items.map((i) => i.line)).toEqual([4, 15]);
    expect(r.items[0].text).toBe(kubectl.split('\n').slice(3, 14).join('\n') + '\n');
    expect(r.items.map((i) => (load(i.text) as unknown[])[0])).toEqual((load(kubectl) as { items: unknown[] }).items);
    expect(r.rest).toBe('# kubectl get cm -A -o yaml\napiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    expect(r.cut).toBe(true);
  });

  it('cuts entries indented under items: (js-yaml dump), CRLF line ends included', () => {
    const list = { apiVersion: 'v1', items: [{ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', args: ['-c', 'x\n- y\n'] }] } }, { kind: 'Pod', metadata: { name: 'q' } }], kind: 'List' };
    const text = jsyaml.dump(list);
    expect(text).toContain('\n  - kind: Pod');
    for (const t of [text, text.replace(/\n/g, '\r\n')]) {
      const r = split([t]);
      expect(r.items.map((i) => (load(i.text) as unknown[])[0])).toEqual(list.items);
      expect(load(r.rest)).toEqual({ ...list, items: [] });
    }
  });

  it('gives the same split whatever the chunk size, and a last line without a newline', () => {
    for (const text of [kubectl, kubectl.trimEnd()]) {
      const whole = split([text]);
      for (const size of [1, 2, 3, 7, 16, 100]) expect(split(chunked(text, size))).toEqual(whole);
    }
    expect(split(['items:\n- a: 1\n- b: 2'])).toEqual({ items: [{ text: '- a: 1\n', line: 2 }, { text: '- b: 2', line: 3 }], rest: 'items: []\n', cut: true });
  });

  it('leaves a document without `items:` alone (a single object, `items: []`) and returns its whole text', () => {
    for (const text of ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n', 'apiVersion: v1\nitems: []\nkind: List\n', 'kind: X\nspec:\n  items:\n  - a\n']) {
      expect(split(chunked(text, 5))).toEqual({ items: [], rest: text, cut: false });
    }
  });

  it('an empty entry is an item of its own', () => {
    expect(split(['items:\n-\n- a: 1\n']).items).toEqual([
      { text: '-\n', line: 2 },
      { text: '- a: 1\n', line: 3 },
    ]);
  });

  it('stops, with the line, where a line-level split cannot vouch for the document', () => {
    expect(failure(['kind: List\nitems:\n- a: 1\n---\nkind: Pod\n'])).toBe('line 4: a directive or a document marker: several documents');
    expect(failure(['%YAML 1.2\n---\nitems:\n- a\n'])).toBe('line 1: a directive or a document marker: several documents');
    expect(failure(['items:\n- a: 1\n...\n'])).toBe('line 3: a directive or a document marker: several documents');
    expect(failure(['items:\n- a: 1\n\tb: 2\n'])).toBe('line 3: a tab in indentation');
    expect(failure(['items:\nkind: List\n'])).toBe('line 2: "items:" with no entry after it');
    expect(failure(['kind: List\nitems:\n\n'])).toBe('line 3: "items:" with no entry after it');
    expect(failure(['items:\n    - a: 1\n  - b: 2\n'])).toBe('line 3: a line indented less than the items and more than the document');
    // A quoted scalar or flow collection left open around the items could hold `items:` itself.
    expect(failure(['note: "one\nitems:\n- a\n"\n'])).toBe('line 1: a quote or bracket left open on its line');
    expect(failure(['items:\n- a\nmeta: {a: 1,\n  b: 2}\n'])).toBe('line 3: a quote or bracket left open on its line');
    expect(failure(chunked('kind: List\nitems:\n- a: 1\n- b: 2\n---\n', 4))).toBe('line 5: a directive or a document marker: several documents');
  });

  it('lets closed quotes, escaped quotes and comments pass on the lines around the items', () => {
    const text = `a: "x\\"y" # it's a comment\nb: 'it''s'\nc: [1, {d: "]"}]\nitems:\n- x\n`;
    expect(split([text]).items).toEqual([{ text: '- x\n', line: 5 }]);
  });
});
