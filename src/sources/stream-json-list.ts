// A JSON List (`kubectl get -o json`, collect's files) split into its items as the text arrives, a chunk at a time:
// a small string- and escape-aware bracket scanner finds where each item of the top-level `"items": [...]` starts
// and ends, hands the item's text over (to be parsed and trimmed at once), and keeps only the rest of the document
// (apiVersion, kind, metadata, with `"items": []`). Only one item's text is alive at a time. Anything the scanner
// does not prove well-formed (a missing comma, a trailing comma, an item that is not an object, a second or escaped
// `items` key, text after the end) stops it with NotStreamable: the caller then parses the file whole, which
// reports the error exactly as before (`file:line: invalid JSON: …`).

/** The splitter cannot vouch for this text: parse it whole instead. `line` is where it stopped (1-based). */
export class NotStreamable extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/** What matters inside an item. */
const ITEM_CHARS = ['"', '\n', '{', '}', '[', ']'];

type State = 'start' | 'top' | 'itemsFirst' | 'itemsNext' | 'item' | 'afterItem' | 'end';
type Sink = 'skeleton' | 'item' | 'none';

export class JsonListSplitter {
  private state: State = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The string being read is a key of the top-level object. */
  private inKey = false;
  private keyExpected = false;
  private keyParts: string[] = [];
  private keyStart = 0;
  private lastKey: string | undefined;
  private valueOfItems = false;
  private sawItems = false;
  private sink: Sink = 'skeleton';
  private segStart = 0;
  private readonly skeleton: string[] = [];
  private itemParts: string[] = [];
  private itemLine = 0;
  private itemCount = 0;
  /** Where the next of each ITEM_CHARS is in the current chunk (-1: not looked up yet). */
  private readonly next = new Array<number>(ITEM_CHARS.length).fill(-1);
  /** The line the scan is on. */
  private line = 1;
  private chunk = '';
  /** Where the current chunk starts in the whole text. */
  private offset = 0;
  /** Where the top-level items' `[` is in the whole text (-1: none yet). */
  itemsAt = -1;

  constructor(private readonly onItem: (text: string, line: number, index: number) => void) {}

  push(chunk: string): void {
    this.chunk = chunk;
    this.segStart = 0;
    this.next.fill(-1);
    if (this.inKey) this.keyStart = 0;
    const n = chunk.length;
    let backslash = -1;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        const q = chunk.indexOf('"', i);
        if (backslash !== n && backslash < i) {
          backslash = chunk.indexOf('\\', i);
          if (backslash === -1) backslash = n;
        }
        const end = q === -1 ? n : q;
        if (backslash < end) {
          this.escaped = true;
          i = backslash + 1;
          continue;
        }
        if (q === -1) break;
        this.inString = false;
        if (this.inKey) this.endKey(chunk, q);
        i = q + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      // Lines are counted here: JSON has no raw newline inside a string.
      if (c === NEWLINE) this.line++;
      else if (c === 0x20 || c === 0x0d || c === 0x09) {
        // whitespace
      } else if (this.state === 'item') {
        i = this.scanItem(chunk, i);
        continue;
      } else this.token(c, i);
      i++;
    }
    if (this.inKey) this.keyParts.push(chunk.slice(this.keyStart));
    this.flush(n);
    this.chunk = '';
    this.offset += n;
  }

  /** The document without its items (`"items": []`), once every chunk was pushed. */
  end(): string {
    if (this.state !== 'end') this.fail(this.chunk.length, this.inString ? 'unterminated string' : 'unexpected end of the text');
    return this.skeleton.join('');
  }

  get items(): number {
    return this.itemCount;
  }

  /** Whether the items were cut out: if not, the text returned by end() is the whole document. */
  get cut(): boolean {
    return this.sawItems;
  }

  private token(c: number, i: number): void {
    switch (this.state) {
      case 'start':
        if (c !== OPEN_BRACE) this.fail(i, 'not a JSON object');
        this.depth = 1;
        this.keyExpected = true;
        this.state = 'top';
        return;
      case 'top':
        return this.topToken(c, i);
      case 'itemsFirst':
      case 'itemsNext':
        if (c === OPEN_BRACE) {
          this.switchSink('item', i);
          this.itemLine = this.line;
          this.depth = 3;
          this.state = 'item';
          return;
        }
        if (c === CLOSE_BRACKET && this.state === 'itemsFirst') return this.endItems(i);
        return this.fail(i, c === CLOSE_BRACKET ? 'a comma before "]"' : 'an item of "items" that is not an object');
      case 'item':
        return; // handled in push
      case 'afterItem':
        if (c === COMMA) this.state = 'itemsNext';
        else if (c === CLOSE_BRACKET) this.endItems(i);
        else this.fail(i, 'expected "," or "]" after an item');
        return;
      case 'end':
        return this.fail(i, 'text after the end of the JSON value');
    }
  }

  private topToken(c: number, i: number): void {
    if (this.depth === 1) {
      if (this.valueOfItems && c === OPEN_BRACKET) {
        this.valueOfItems = false;
        this.sawItems = true;
        this.itemsAt = this.offset + i;
        this.switchSink('none', i + 1);
        this.depth = 2;
        this.state = 'itemsFirst';
        return;
      }
      this.valueOfItems = false;
      if (c === COLON) {
        this.valueOfItems = this.lastKey === 'items';
        this.lastKey = undefined;
        return;
      }
      if (c === COMMA) {
        this.keyExpected = true;
        return;
      }
      if (c === QUOTE && this.keyExpected) {
        this.keyExpected = false;
        this.inString = true;
        this.inKey = true;
        this.keyStart = i + 1;
        return;
      }
    }
    if (c === QUOTE) this.inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth === 0) this.state = 'end';
    }
  }

  /**
   * The hot loop (most of a List's text is inside its items): only strings, brackets and newlines matter there, so
   * the scan jumps from one to the next with indexOf (native) instead of looking at every character: the next
   * position of each is kept and looked up again only once passed. Runs from `i` to the item's end or the chunk's;
   * returns where the scan goes on.
   */
  private scanItem(chunk: string, i: number): number {
    const n = chunk.length;
    const next = this.next;
    let depth = this.depth;
    let line = this.line;
    for (;;) {
      let p = n;
      for (let k = 0; k < ITEM_CHARS.length; k++) {
        if (next[k] < i) {
          const at = chunk.indexOf(ITEM_CHARS[k], i);
          next[k] = at === -1 ? n : at;
        }
        if (next[k] < p) p = next[k];
      }
      if (p >= n) break;
      const c = chunk.charCodeAt(p);
      i = p + 1;
      if (c === QUOTE) {
        let from = i;
        for (;;) {
          const q = chunk.indexOf('"', from);
          if (q === -1) {
            // The string goes on in the next chunk: the generic loop takes it from there.
            let b = n - 1;
            while (b >= from && chunk.charCodeAt(b) === BACKSLASH) b--;
            this.inString = true;
            this.escaped = (n - 1 - b) % 2 === 1;
            this.depth = depth;
            this.line = line;
            return n;
          }
          let b = q - 1;
          while (b >= from && chunk.charCodeAt(b) === BACKSLASH) b--;
          if ((q - 1 - b) % 2 === 0) {
            i = q + 1;
            break;
          }
          from = q + 1;
        }
      } else if (c === NEWLINE) line++;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (--depth === 2) {
        this.depth = depth;
        this.line = line;
        this.endItem(p);
        return i;
      }
    }
    this.depth = depth;
    this.line = line;
    return n;
  }

  private endItem(i: number): void {
    this.switchSink('none', i + 1);
    this.onItem(this.itemParts.join(''), this.itemLine, this.itemCount++);
    this.itemParts = [];
    this.state = 'afterItem';
  }

  private endKey(chunk: string, q: number): void {
    this.inKey = false;
    this.keyParts.push(chunk.slice(this.keyStart, q));
    const key = this.keyParts.join('');
    this.keyParts = [];
    // `"it\u0065ms"` is `items` to JSON.parse: a key with an escape is not one this scanner can vouch for.
    if (key.includes('\\')) this.fail(q, 'a top-level key with an escape');
    if (key === 'items' && this.sawItems) this.fail(q, 'a second "items" key');
    this.lastKey = key;
  }

  private endItems(i: number): void {
    this.switchSink('skeleton', i);
    this.depth = 1;
    this.state = 'top';
  }

  private switchSink(next: Sink, at: number): void {
    this.flush(at);
    this.sink = next;
    this.segStart = at;
  }

  private flush(at: number): void {
    if (at > this.segStart) {
      const part = this.chunk.slice(this.segStart, at);
      if (this.sink === 'skeleton') this.skeleton.push(part);
      else if (this.sink === 'item') this.itemParts.push(part);
    }
    this.segStart = at;
  }

  private fail(_i: number, reason: string): never {
    throw new NotStreamable(this.line, reason);
  }
}
