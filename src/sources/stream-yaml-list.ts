// A YAML List as `kubectl get -o yaml` prints it, split into its items as the text arrives: `items:` at column 0,
// then one `- ` entry per item at one column (0 for kubectl, 2 for js-yaml's dump), each entry's lines indented
// deeper. Each item's text is handed over to be parsed (js-yaml) and trimmed at once; the rest of the document
// (apiVersion, kind, metadata, with `items: []`) is kept. Lines are counted as they go.
// Whatever this line-level view cannot vouch for stops it with NotStreamable and the caller parses the file whole
// (its errors, duplicate keys, aliases, scalar limit exactly as before): several documents (`---`, `...`),
// directives, tabs in indentation, a header or trailer line with an unclosed quote or bracket (a scalar or flow
// collection that could hide `items:`), `items:` with no entry after it. An item cut inside a multi-line quoted
// scalar or flow collection does not parse on its own, so it stops the split too (the caller's check).
import { NotStreamable } from './stream-json-list.js';

type Phase = 'header' | 'itemsKey' | 'items' | 'trailer';
type Sink = 'skeleton' | 'item';

const SPACE = 0x20;
const DASH = 0x2d;
const HASH = 0x23;
const TAB = 0x09;
const CR = 0x0d;
const NL = 0x0a;

export class YamlListSplitter {
  private phase: Phase = 'header';
  /** Column of the `- ` that starts each item. */
  private indent = -1;
  private carry = '';
  private sink: Sink = 'skeleton';
  private readonly skeleton: string[] = [];
  private itemParts: string[] = [];
  private itemLine = 0;
  private itemCount = 0;
  private line = 0;
  private text = '';
  private segStart = 0;

  constructor(private readonly onItem: (text: string, line: number, index: number) => void) {}

  push(chunk: string): void {
    const text = this.carry ? this.carry + chunk : chunk;
    this.text = text;
    this.segStart = 0;
    let pos = 0;
    for (let nl = text.indexOf('\n', pos); nl !== -1; nl = text.indexOf('\n', pos)) {
      this.takeLine(pos, nl + 1);
      pos = nl + 1;
    }
    this.flush(pos);
    this.carry = text.slice(pos);
    this.text = '';
  }

  /** The document without its items (`items: []`), once every chunk was pushed. */
  end(): string {
    if (this.carry) {
      const last = this.carry;
      this.carry = '';
      this.text = last;
      this.segStart = 0;
      this.takeLine(0, last.length);
      this.flush(last.length);
      this.text = '';
    }
    if (this.phase === 'itemsKey') this.fail('"items:" with no entry after it');
    if (this.phase === 'items') this.emitItem(this.segStart);
    return this.skeleton.join('');
  }

  get items(): number {
    return this.itemCount;
  }

  /** Whether `items:` was cut out: if not, the text returned by end() is the whole document. */
  get cut(): boolean {
    return this.phase !== 'header';
  }

  /** The line text[p, end), `end` after its newline (or the text's end). */
  private takeLine(p: number, end: number): void {
    this.line++;
    const t = this.text;
    if (this.phase === 'items') {
      // Most lines are an item's content, indented deeper than its `- `: decided on the first indent+1 characters.
      const n = this.indent;
      let k = p;
      while (k <= p + n && t.charCodeAt(k) === SPACE) k++;
      if (k > p + n) return;
      const c = t.charCodeAt(k);
      if (isBlankOrComment(c, t, k, end)) return;
      if (c === TAB) this.fail('a tab in indentation');
      if (k === p + n && c === DASH && isSpaceOrEnd(t.charCodeAt(k + 1)) && !(n === 0 && isMarker(t, p))) {
        this.emitItem(p);
        this.startItem(p);
        return;
      }
      if (k === p) {
        this.emitItem(p);
        this.switchSink('skeleton', p);
        this.phase = 'trailer';
        this.headerLine(p, end);
        return;
      }
      this.fail('a line indented less than the items and more than the document');
    }
    if (this.phase === 'itemsKey') {
      let k = p;
      while (t.charCodeAt(k) === SPACE) k++;
      const c = t.charCodeAt(k);
      if (isBlankOrComment(c, t, k, end)) return;
      if (c === DASH && isSpaceOrEnd(t.charCodeAt(k + 1)) && !(k === p && isMarker(t, p))) {
        this.indent = k - p;
        this.phase = 'items';
        this.startItem(p);
        return;
      }
      this.fail('"items:" with no entry after it');
    }
    this.headerLine(p, end);
  }

  /** A line of the document around the items: one the split can vouch for, or the end of it. */
  private headerLine(p: number, end: number): void {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === TAB) this.fail('a tab in indentation');
    if (c === 0x25 /* % */ || isMarker(t, p)) this.fail('a directive or a document marker: several documents');
    const line = t.slice(p, end);
    if (!balanced(line)) this.fail('a quote or bracket left open on its line');
    if (this.phase === 'header' && /^items:[ \t]*\r?\n?$/.test(line)) {
      this.flush(p);
      this.skeleton.push(line.replace(/^items:[ \t]*/, 'items: []'));
      this.segStart = end;
      this.phase = 'itemsKey';
    }
  }

  private startItem(p: number): void {
    this.switchSink('item', p);
    this.itemLine = this.line;
  }

  /** The current item ends at `at` (the start of the line that ends it). */
  private emitItem(at: number): void {
    if (this.sink !== 'item') return;
    this.flush(at);
    const text = this.itemParts.join('');
    this.itemParts = [];
    this.onItem(text, this.itemLine, this.itemCount++);
  }

  private switchSink(next: Sink, at: number): void {
    this.flush(at);
    this.sink = next;
  }

  private flush(at: number): void {
    if (at > this.segStart) {
      const part = this.text.slice(this.segStart, at);
      if (this.sink === 'skeleton') this.skeleton.push(part);
      else this.itemParts.push(part);
    }
    this.segStart = at;
  }

  private fail(reason: string): never {
    throw new NotStreamable(this.line, reason);
  }
}

function isBlankOrComment(c: number, t: string, k: number, end: number): boolean {
  return c === HASH || k >= end || c === NL || (c === CR && k + 1 >= end - 1);
}

function isSpaceOrEnd(c: number): boolean {
  return c === SPACE || c === NL || c === CR || Number.isNaN(c);
}

/** `---` or `...` at column 0, alone or followed by a space: a document starts or ends. */
function isMarker(t: string, p: number): boolean {
  const three = t.slice(p, p + 3);
  return (three === '---' || three === '...') && isSpaceOrEnd(t.charCodeAt(p + 3));
}

/** Quotes and brackets closed on the line (a `#` outside quotes starts a comment). Conservative: `'it''s'` passes. */
function balanced(line: string): boolean {
  let quote = 0;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 0x5c && quote === 0x22) i++;
      continue;
    }
    if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === HASH && (i === 0 || line.charCodeAt(i - 1) === SPACE)) break;
  }
  return quote === 0 && depth === 0;
}
