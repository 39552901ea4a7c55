// A pretty-printed JSON List (`kubectl get -o json`, collect's files) cut into runs of whole items on the raw bytes,
// with no per-character JavaScript: such a List prints every item at one indentation, and a JSON string never holds
// a raw newline, so a line that is that indentation and `}` ends an item. The last such line of the bytes read so far
// (`Buffer.lastIndexOf`, native, from the end: it looks back at most one item) closes a run of items; the run's bytes
// are decoded as one JSON array, `[` and `]` written over the bytes around it, and handed over; only the text around
// the items is kept. Nothing here is trusted: a run must parse as an array (the caller's JSON.parse), so the items
// array is exactly the runs' items whatever the indentation; only whitespace and `,` may follow a run; the caller
// proves the text around the items (stream-file.ts). Whatever does not fit throws NotIndented, and the caller goes
// back to the string-aware scanner (stream-json-list.ts).
import { isAscii, isUtf8 } from 'node:buffer';

/** The bytes are not the shape this splitter takes (the reason says where it gave up). */
export class NotIndented extends Error {}

/** How far into a file its `"items": [` is looked for; kubectl prints it on the second line. */
const HEAD = 64 * 1024;
/** An item longer than this is not the indentation it seemed (a Kubernetes object holds at most 1.5 MiB). */
export const MAX_ITEM = 16 * 1024 * 1024;
/**
 * A run ends within this many bytes of its start (unless one item is longer): a few items' untrimmed trees alive at
 * once stay young garbage. Measured on the 10k-pod JSON bundle: 1 MiB runs peaked at 224 MB RSS, 64 KiB at 168 MB
 * for the same CPU time; 16 KiB gained nothing more.
 */
const RUN = 64 * 1024;
/** `"items": [`, a line break, the first item's indentation and its `{`, at the start of a line. */
const OPENING = /\n[ \t]*"items"[ \t]*:[ \t]*\[[ \t]*\r?\n([ \t]*)\{/;

const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
const EMPTY = Buffer.alloc(0);

type State = 'head' | 'item' | 'afterItem' | 'tail';

export class IndentedJsonListSplitter {
  private pending: Buffer = EMPTY;
  /** Where the scan is in `pending`. */
  private pos = 0;
  /** Where the search for the item's end goes on (what was searched before holds no end). */
  private searchFrom = 0;
  private state: State = 'head';
  private itemEnd: Buffer = EMPTY;
  /** The text up to and including the items' `[`. */
  private prefix = '';
  private readonly tail: Buffer[] = [];
  private runs = 0;

  /** `onRun` gets a JSON array's text: the next items of the List. */
  constructor(private readonly onRun: (text: string) => void) {}

  /** Whether a run was handed over: until then every byte is held, so the file can be given back whole. */
  get consumed(): boolean {
    return this.runs > 0;
  }

  /** The bytes from the file's start, while no item was handed over (for the scanner to take over). */
  held(): Buffer {
    if (this.consumed) throw new Error('the splitter already handed items over');
    return this.pending;
  }

  /** The chunk is copied: a reader may reuse its buffer. */
  push(chunk: Uint8Array): void {
    // The byte before a run (its `,`) is kept: the run's `[` is written there.
    const keep = this.consumed ? this.pos - 1 : 0;
    this.pending = this.pending.length > keep ? Buffer.concat([this.pending.subarray(keep), chunk]) : Buffer.from(chunk);
    this.pos -= keep;
    this.searchFrom = Math.max(0, this.searchFrom - keep);
    while (this.step());
  }

  /** The text around the items, with `"items": []`, and where its `[` is (UTF-16 offset). */
  end(): { text: string; itemsAt: number } {
    if (this.state !== 'tail') throw new NotIndented(this.state === 'head' ? 'no pretty-printed "items"' : 'the items do not end');
    return { text: this.prefix + this.decode(Buffer.concat(this.tail)), itemsAt: this.prefix.length - 1 };
  }

  /** One step of the scan; false when it needs more bytes. */
  private step(): boolean {
    const bytes = this.pending;
    switch (this.state) {
      case 'head':
        return this.head();
      case 'item': {
        const from = Math.max(this.pos, this.searchFrom);
        const limit = Math.min(bytes.length, this.pos + RUN);
        let at = from < limit ? bytes.subarray(from, limit).lastIndexOf(this.itemEnd) : -1;
        // An item longer than a run: up to the last item's end read so far.
        if (at === -1 && limit < bytes.length) at = bytes.subarray(from).lastIndexOf(this.itemEnd);
        // The run's `]` goes on the byte after it: that byte must be there.
        const end = at === -1 ? -1 : from + at + this.itemEnd.length;
        if (end === -1 || end >= bytes.length) {
          if (bytes.length - this.pos > MAX_ITEM) throw new NotIndented('an item without its closing line');
          this.searchFrom = Math.max(this.pos, bytes.length - this.itemEnd.length);
          return false;
        }
        this.run(bytes, this.pos - 1, end);
        this.runs++;
        this.pos = end;
        this.searchFrom = 0;
        this.state = 'afterItem';
        return true;
      }
      case 'afterItem': {
        const p = skipSpace(bytes, this.pos);
        if (p === bytes.length) return false;
        this.pos = p;
        if (bytes[p] === COMMA) {
          this.pos = p + 1;
          this.state = 'item';
        } else if (bytes[p] === CLOSE_BRACKET) this.state = 'tail';
        else throw new NotIndented('neither "," nor "]" after an item');
        return true;
      }
      case 'tail':
        if (this.pos < bytes.length) this.tail.push(Buffer.from(bytes.subarray(this.pos)));
        this.pos = bytes.length;
        return false;
    }
  }

  private head(): boolean {
    const bytes = this.pending;
    // latin1: one character per byte, so the match's offsets are the bytes'.
    const text = bytes.toString('latin1', 0, Math.min(bytes.length, HEAD));
    const m = OPENING.exec(text);
    if (!m) {
      if (bytes.length >= HEAD) throw new NotIndented('no pretty-printed "items" near the start');
      return false;
    }
    const brace = m.index + m[0].length - 1;
    const bracket = text.lastIndexOf('[', brace);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    this.prefix = this.decode(bytes.subarray(bom, bracket + 1));
    this.itemEnd = Buffer.from(`\n${m[1]}}`, 'latin1');
    this.pos = bracket + 1;
    this.state = 'item';
    return true;
  }

  /** bytes[open] (the items' `[` or the `,` before the run) and bytes[close] (space or `,`) bracket the run. */
  private run(bytes: Buffer, open: number, close: number): void {
    const before = bytes[open];
    const after = bytes[close];
    bytes[open] = 0x5b;
    bytes[close] = CLOSE_BRACKET;
    let text: string;
    try {
      text = this.decode(bytes.subarray(open, close + 1));
    } finally {
      bytes[open] = before;
      bytes[close] = after;
    }
    this.onRun(text);
  }

  /** ASCII (most of a kubectl dump) is copied as it is, several times faster than decoding UTF-8. */
  private decode(bytes: Buffer): string {
    if (isAscii(bytes)) return bytes.toString('latin1');
    if (!isUtf8(bytes)) throw new NotIndented('not UTF-8');
    return bytes.toString('utf8');
  }
}

function skipSpace(bytes: Buffer, p: number): number {
  while (p < bytes.length) {
    const c = bytes[p];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    p++;
  }
  return p;
}
