// One big Kubernetes file parsed as its bytes arrive (a folder's file read 1 MiB at a time, an archive entry as tar
// decompresses it): decoded as UTF-8 chunk by chunk, split into the items of its List (stream-json-list.ts,
// stream-yaml-list.ts), each item parsed and trimmed at once. Neither the file's bytes nor its text are ever held
// whole: only one item's text and the objects kept. Whatever the stream cannot vouch for (not UTF-8 without NULs,
// not a List the splitter knows, an item that does not parse alone, aliases, tags, a duplicate key, a scalar above
// the limit) ends it with `undefined`: the caller then reads the file whole, exactly as before, and reports errors
// the same way (`file:line: what is wrong`, exit 2).
import { isUtf8 } from 'node:buffer';
import jsyaml from 'js-yaml';
import type { KubeObject } from '../snapshot/objects.js';
import { UsageError } from '../errors.js';
import { parseJsonAt, parsedFileFrom, type ParsedFile, type ParseOptions } from './parse-documents.js';
import { DEFAULT_LIMITS } from './limits.js';
import { assertScalarsWithin, LineIndex, parseYamlDocuments, type ParsedValue } from './parse-yaml.js';
import { IndentedJsonListSplitter, NotIndented } from './stream-json-indented.js';
import { JsonListSplitter, NotStreamable } from './stream-json-list.js';
import { YamlListSplitter } from './stream-yaml-list.js';
import { trimObject } from './trim-objects.js';

/** Files above this are streamed; smaller ones are read whole (the split would save nothing). */
export const STREAM_ABOVE = 1024 * 1024;

/** What may be an alias (`*name`; a block scalar's `*nat` line looks the same): the parsed value is looked at. */
const ALIAS = /(^|[\s[{,:-])\*[^\s,\]}]+/m;

export class StreamingFileParser {
  /** Bytes of a UTF-8 sequence cut by the chunk's end, put before the next chunk. */
  private partial: Buffer | undefined;
  private readonly json: boolean;
  private readonly splitter: JsonListSplitter | YamlListSplitter;
  /** A pretty-printed JSON List is cut on its bytes first (stream-json-indented.ts); the scanner takes what it cannot. */
  private indented: IndentedJsonListSplitter | undefined;
  private readonly items: unknown[] = [];
  private readonly strings = new Map<string, string>();
  private first = true;
  /** Why the stream gave up (kept for tests and --debug), or undefined while it goes on. */
  stopped: string | undefined;
  /** The byte cut gave up after it handed items over: feed the file again from its start to `again()`. */
  retry = false;
  /** Whether the items were cut on the bytes (tests, --debug). */
  cutOnBytes = false;

  constructor(
    private readonly path: string,
    private readonly options: ParseOptions,
    scanOnly = false,
  ) {
    this.json = /\.json$/i.test(path);
    const onItem = (text: string, line: number) => this.items.push(this.json ? this.jsonItem(text, line) : this.yamlItem(text));
    this.splitter = this.json ? new JsonListSplitter(onItem) : new YamlListSplitter(onItem);
    if (this.json && !scanOnly) this.indented = new IndentedJsonListSplitter((text) => this.indentedRun(text));
  }

  /** A parser for the same file that only scans (after `retry`). */
  again(): StreamingFileParser {
    return new StreamingFileParser(this.path, this.options, true);
  }

  write(bytes: Uint8Array): void {
    if (this.stopped) return;
    try {
      if (this.first) {
        this.first = false;
        // UTF-16 (BOM or not): the whole-file decoder says what it is.
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new NotStreamable(1, 'UTF-16');
      }
      if (bytes.includes(0)) throw new NotStreamable(1, 'a NUL byte');
      if (this.indented) return this.pushIndented(bytes);
      this.splitter.push(this.decode(bytes));
    } catch (e) {
      this.stop(e);
    }
  }

  /** The parsed file, or undefined when it must be read whole. */
  end(): ParsedFile | undefined {
    if (this.stopped) return undefined;
    try {
      if (this.indented) {
        const parsed = this.endIndented();
        if (parsed) return parsed;
      }
      if (this.partial) throw new NotStreamable(1, 'not UTF-8 at the end');
      const rest = this.splitter.end();
      const warnings: string[] = [];
      return parsedFileFrom(this.path, this.whole(rest, warnings), warnings, this.options);
    } catch (e) {
      this.stop(e);
      return undefined;
    }
  }

  /**
   * UTF-8 a chunk at a time (isUtf8 and toString are native and several times faster than a streaming TextDecoder):
   * a sequence cut by the chunk's end waits for the next chunk; a BOM at the start goes, as decodeText drops it.
   * Not UTF-8: the whole-file decoder says so.
   */
  private decode(chunk: Uint8Array): string {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.partial) {
      bytes = Buffer.concat([this.partial, bytes]);
      this.partial = undefined;
    }
    let cut = bytes.length;
    let k = cut - 1;
    while (k >= 0 && k > cut - 4 && (bytes[k] & 0xc0) === 0x80) k--;
    if (k >= 0 && bytes[k] >= 0xc0) {
      const need = bytes[k] >= 0xf0 ? 4 : bytes[k] >= 0xe0 ? 3 : 2;
      if (k + need > cut) cut = k;
    }
    if (cut < bytes.length) this.partial = Buffer.from(bytes.subarray(cut));
    const whole = bytes.subarray(0, cut);
    if (!isUtf8(whole)) throw new NotStreamable(1, 'not UTF-8');
    const start = this.bom ? 0 : whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? 3 : 0;
    if (whole.length > 0) this.bom = true;
    return whole.toString('utf8', start);
  }

  /** Whether the first bytes were looked at for a BOM. */
  private bom = false;

  private whole(rest: string, warnings: string[]): ParsedValue[] {
    const limits = this.options.limits ?? DEFAULT_LIMITS;
    if (this.json) {
      const list = JSON.parse(rest) as Record<string, unknown>;
      if ((this.splitter as JsonListSplitter).cut) return [{ value: this.withItems(list), line: 1 }];
      return [{ value: list, line: 1 }];
    }
    const yaml = this.splitter as YamlListSplitter;
    // No `items:` was cut out: `rest` is the file's whole text, parsed as any YAML file is.
    if (!yaml.cut) return parseYamlDocuments(this.path, rest, limits, warnings);
    this.scalarsWithin(rest);
    const list = jsyaml.load(rest, { schema: jsyaml.CORE_SCHEMA }) as Record<string, unknown>;
    if (ALIAS.test(rest) && sharesObjects(list)) throw new NotStreamable(1, 'an alias around the items');
    return [{ value: this.withItems(list), line: 1 }];
  }

  /** The document with its items put back where `items: []` stands (same key order as a whole parse). */
  private withItems(list: Record<string, unknown>): unknown {
    if (!list || typeof list !== 'object' || Array.isArray(list) || !Array.isArray(list.items) || list.items.length !== 0) {
      throw new NotStreamable(1, 'the document around the items is not what the split expected');
    }
    list.items = this.items;
    return list;
  }

  private pushIndented(bytes: Uint8Array): void {
    try {
      this.indented!.push(bytes);
    } catch (e) {
      if (!(e instanceof NotIndented)) throw e;
      this.scanInstead(e);
    }
  }

  /**
   * The List cut on its bytes, once the text around its items is proved: the scanner must find the top-level items
   * where the cut did, and nothing else. Undefined when the scanner took over instead.
   */
  private endIndented(): ParsedFile | undefined {
    let list: Record<string, unknown>;
    try {
      const { text, itemsAt } = this.indented!.end();
      const around = new JsonListSplitter(() => {
        throw new NotIndented('an item outside the cut');
      });
      around.push(text);
      around.end();
      if (around.itemsAt !== itemsAt) throw new NotIndented('the cut is not at the top-level items');
      list = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof NotIndented || e instanceof NotStreamable || e instanceof SyntaxError)) throw e;
      this.scanInstead(e);
      return undefined;
    }
    this.indented = undefined;
    this.cutOnBytes = true;
    return parsedFileFrom(this.path, [{ value: this.withItems(list), line: 1 }], [], this.options);
  }

  /**
   * The byte cut gave up: while it holds every byte read, the scanner takes them (and what follows) as if it had
   * had them from the start; once items were handed over, the file must be fed again (`retry`).
   */
  private scanInstead(e: Error): void {
    const indented = this.indented!;
    this.indented = undefined;
    this.items.length = 0;
    if (indented.consumed) {
      this.retry = true;
      throw new NotStreamable(1, `the indented cut gave up: ${e.message}`);
    }
    this.splitter.push(this.decode(indented.held()));
  }

  /** Items of the byte cut: a run that does not parse may still be valid JSON cut wrong, so the scanner decides. */
  private indentedRun(text: string): void {
    let run: unknown[];
    try {
      run = JSON.parse(text) as unknown[];
    } catch {
      throw new NotIndented('a run of items that does not parse alone');
    }
    for (const item of run) {
      this.trim(item);
      this.items.push(item);
    }
  }

  /** An item that is not JSON makes the whole file invalid: said at once, at the item's line (the whole-file
   * parse could only say line 1 when node gives no position). */
  private jsonItem(text: string, line: number): unknown {
    const item = parseJsonAt(this.path, text, line);
    this.trim(item);
    return item;
  }

  private yamlItem(text: string): unknown {
    this.scalarsWithin(text);
    const seq = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
    if (!Array.isArray(seq) || seq.length !== 1) throw new NotStreamable(1, 'an item that is not one sequence entry');
    // An alias shares a node (js-yaml does): the whole document's alias budget and copy apply, so it is read whole.
    // Tags resolve within the item (an unknown one fails it); an anchor in one item and its alias in another fail too.
    if (text.includes('*') && ALIAS.test(text) && sharesObjects(seq)) throw new NotStreamable(1, 'an alias in an item');
    const item = seq[0] as unknown;
    this.trim(item);
    // js-yaml's strings are slices of the item's text: copied, so the text can go once the item is parsed.
    return this.ownStrings(item);
  }

  /** The scalar limit on a piece of the text: a piece above it is refused by the whole-file parse, which names the line. */
  private scalarsWithin(text: string): void {
    const max = (this.options.limits ?? DEFAULT_LIMITS).maxScalarSize;
    if (text.length <= max) return;
    try {
      assertScalarsWithin(this.path, text, max, new LineIndex(text));
    } catch {
      throw new NotStreamable(1, 'a scalar above the limit');
    }
  }

  private trim(item: unknown): void {
    if (this.options.trim && isTrimmable(item)) trimObject(item);
  }

  /** Strings that stand alone (no slice of the text keeps it alive), the same value shared within the file. */
  private ownStrings(v: unknown): unknown {
    if (typeof v === 'string') {
      if (v.length < 13) return v; // V8 copies strings this short instead of slicing
      let own = this.strings.get(v);
      if (own === undefined) {
        own = (' ' + v).slice(1);
        this.strings.set(own, own);
      }
      return own;
    }
    if (!v || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.ownStrings(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const key in o) {
      const value = o[key];
      if (value !== undefined && value !== null && (typeof value === 'string' || typeof value === 'object')) o[key] = this.ownStrings(value);
    }
    return o;
  }

  /** Gives up on streaming; a verdict on the file itself (a UsageError) is passed on as it is. */
  private stop(e: unknown): void {
    this.stopped = e instanceof Error ? e.message.split('\n')[0] : String(e);
    this.items.length = 0;
    this.strings.clear();
    if (e instanceof UsageError) throw e;
  }
}

/** Whether an object is reached twice (an alias of a mapping or sequence); each shared node is walked once. */
function sharesObjects(root: unknown): boolean {
  const seen = new Set<object>();
  const walk = (v: unknown): boolean => {
    if (!v || typeof v !== 'object') return false;
    if (seen.has(v)) return true;
    seen.add(v);
    for (const child of Object.values(v)) if (walk(child)) return true;
    return false;
  };
  return walk(root);
}

/** Only what validateObject will accept is trimmed early; the rest is left for it to refuse. */
function isTrimmable(item: unknown): item is KubeObject {
  const o = item as { kind?: unknown; apiVersion?: unknown; metadata?: unknown };
  return Boolean(o && typeof o === 'object' && typeof o.kind === 'string' && typeof o.apiVersion === 'string' && o.metadata && typeof o.metadata === 'object');
}
