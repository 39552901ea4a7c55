// The YAML documents of one snapshot file, in time linear in its size: documents are cut at their `---` markers
// (with the line each starts on, counted once), each parsed by js-yaml (several times faster than the `yaml`
// Document API on kubectl output); the `yaml` Document API is kept only for the duplicate keys the guide prints.
import jsyaml from 'js-yaml';
import { isMap, parseAllDocuments, type Document } from 'yaml';
import { UsageError } from '../errors.js';
import { formatSize, type InputLimits } from './limits.js';

export interface ParsedValue {
  value: unknown;
  line: number;
}

/** Line numbers of offsets in one text, counted once from the start: error messages only, never per document. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  lineOf(pos: number): number {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

export function parseYamlDocuments(path: string, text: string, limits: InputLimits, warnings: string[]): ParsedValue[] {
  const lines = new LineIndex(text);
  if (text.length > limits.maxScalarSize) assertScalarsWithin(path, text, limits.maxScalarSize, lines);
  const out: ParsedValue[] = [];
  for (const chunk of documentChunks(text)) {
    const source = text.slice(chunk.start, chunk.end);
    const firstLine = lines.lineOf(chunk.start);
    const values = parseChunk(path, source, firstLine, warnings);
    for (const value of values) out.push({ value: standAlone(path, source, firstLine, value, limits), line: firstLine + chunk.markerLines });
  }
  return out;
}

/** The documents of a stream: cut before each `---` at the start of a line (it ends any scalar, by the spec). */
function documentChunks(text: string): Array<{ start: number; end: number; markerLines: number }> {
  const starts: number[] = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) if (m.index > 0) starts.push(m.index);
  const chunks: Array<{ start: number; end: number; markerLines: number }> = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    // Directives (`%YAML 1.2`) belong to the document after them.
    if (i + 1 < starts.length && end - start < 4096 && /^(?:[ \t]*(?:[%#].*)?\r?\n)*[ \t]*$/.test(text.slice(start, end)) && /^%/m.test(text.slice(start, end))) {
      starts[i + 1] = start;
      continue;
    }
    const bareMarker = /^---[ \t]*\r?\n/.exec(text.slice(start, Math.min(end, start + 64)));
    chunks.push({ start, end, markerLines: bareMarker ? 1 : 0 });
  }
  return chunks;
}

function parseChunk(path: string, source: string, firstLine: number, warnings: string[]): unknown[] {
  try {
    return [jsyaml.load(source, { schema: jsyaml.CORE_SCHEMA })];
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`${path}:${firstLine}: invalid YAML: nested too deeply`);
    const err = e as { reason?: string; mark?: { line?: number }; message: string };
    if (err.reason?.startsWith('duplicated mapping key')) return parseWithDuplicateKeys(path, source, firstLine, warnings);
    const line = firstLine + (err.mark?.line ?? 0);
    throw new UsageError(`${path}:${line}: invalid YAML: ${describe(err.reason ?? err.message.split('\n')[0])}`);
  }
}

function describe(reason: string): string {
  const alias = /^unidentified alias "(.*)"$/.exec(reason);
  return alias ? `Unresolved alias "${alias[1]}" (an alias must follow its anchor, in the same document)` : reason;
}

/**
 * The Arc troubleshooting guide prints `kubectl get meshconfig -o yaml` with a second `kind: List` / `metadata`
 * pasted at the end; users copy it as is. Keep the first occurrence of a top-level key, and say so (the slow
 * `yaml` Document API, for the rare document js-yaml refuses for a duplicate key).
 */
function parseWithDuplicateKeys(path: string, source: string, firstLine: number, warnings: string[]): unknown[] {
  const lines = new LineIndex(source);
  const at = (pos: number) => firstLine + lines.lineOf(pos) - 1;
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(source, { prettyErrors: false, uniqueKeys: false }) as Document[]) {
    const first = doc.errors[0];
    if (first) throw new UsageError(`${path}:${at(first.pos[0])}: invalid YAML: ${first.message.split('\n')[0]}`);
    dropDuplicateTopLevelKeys(doc, (key, pos) => warnings.push(`${path}:${pos === undefined ? '?' : at(pos)}: duplicate key "${key}" ignored (the first one is kept)`));
    try {
      out.push(doc.toJS({ maxAliasCount: 1000 }));
    } catch (e) {
      throw new UsageError(`${path}:${at(doc.range?.[0] ?? 0)}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return out;
}

function dropDuplicateTopLevelKeys(doc: Document, warn: (key: string, pos: number | undefined) => void): void {
  if (!isMap(doc.contents)) return;
  const seen = new Set<string>();
  doc.contents.items = doc.contents.items.filter((pair) => {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    warn(key, (pair.key as { range?: number[] })?.range?.[0]);
    return false;
  });
}

/**
 * YAML aliases make two objects share one node (js-yaml shares them): every object must stand alone (serve patches
 * them one by one), so they are copied, after checking that the copy stays small (an alias bomb expands a few
 * lines into billions of values).
 */
function standAlone(path: string, source: string, firstLine: number, value: unknown, limits: InputLimits): unknown {
  if (!value || typeof value !== 'object' || !/(^|[\s[{,:-])\*[^\s,\]}]+/m.test(source)) return value;
  // Objects counted as the copy would hold them (an alias counts its whole subtree again), against the distinct ones.
  const sizes = new Map<object, number>();
  const budget = limits.maxAliasExpansion;
  const sizeOf = (v: unknown): number => {
    if (!v || typeof v !== 'object') return 0;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    let n = 1;
    for (const child of Object.values(v)) {
      n += sizeOf(child);
      if (n - sizes.size > budget) break;
    }
    sizes.set(v, n);
    return n;
  };
  const expanded = sizeOf(value);
  if (expanded - sizes.size > budget) {
    throw new UsageError(`${path}:${firstLine}: invalid YAML: its aliases expand to more than ${budget} values (an alias bomb?)`);
  }
  if (expanded === sizes.size) return value; // a `*` that was no alias (a block scalar's `*nat`): nothing is shared
  return JSON.parse(JSON.stringify(value));
}

/**
 * Refuses a scalar longer than the limit before the parser builds it (js-yaml joins a quoted or block scalar
 * from its pieces: a 100 MB one costs gigabytes). Quoted scalars end at their closing quote, block scalars
 * (`|`, `>`) at the first line indented no deeper than their key; each scan stops at the limit.
 */
export function assertScalarsWithin(path: string, text: string, max: number, lines: LineIndex): void {
  const opener = /["'|>]/g;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const i = m.index;
    if (!opensScalar(text, i)) continue;
    const ch = text[i];
    const end = ch === '"' ? closingQuote(text, i + 1, max, true) : ch === "'" ? closingQuote(text, i + 1, max, false) : endOfBlock(text, i, max);
    if (end === undefined) continue;
    if (end - i > max) {
      throw new UsageError(`${path}:${lines.lineOf(i)}: a YAML scalar of more than ${formatSize(max)} (a Kubernetes object holds at most 1.5 MiB); is this a kubectl dump?`);
    }
    opener.lastIndex = ch === '"' || ch === "'" ? end + 1 : end;
  }
}

function opensScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < 0 || ':-[{,?\n'.includes(text[j]);
}

/** The offset of the closing quote (or the limit, past which the scalar is too long). */
function closingQuote(text: string, from: number, max: number, double: boolean): number {
  const quote = double ? '"' : "'";
  const limit = from + max;
  let k = from;
  for (;;) {
    k = text.indexOf(quote, k);
    if (k === -1 || k > limit) return Math.min(text.length, limit + 1);
    if (double) {
      let slashes = 0;
      while (text[k - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) return k;
      k++;
    } else if (text[k + 1] === "'") k += 2;
    else return k;
  }
}

/** The end of a block scalar whose indicator is at `i`, or undefined when `|`/`>` is not one. */
function endOfBlock(text: string, i: number, max: number): number | undefined {
  const eol = text.indexOf('\n', i);
  const header = text.slice(i + 1, eol === -1 ? text.length : eol);
  if (eol === -1 || !/^[0-9+-]*[ \t]*(#.*)?\r?$/.test(header)) return undefined;
  const lineStart = text.lastIndexOf('\n', i) + 1;
  const base = /^[ \t]*(?:- +)*/.exec(text.slice(lineStart, i))![0].length;
  let pos = eol + 1;
  while (pos < text.length && pos - i <= max) {
    const next = text.indexOf('\n', pos);
    const lineEnd = next === -1 ? text.length : next;
    let indent = 0;
    while (text[pos + indent] === ' ') indent++;
    const blank = pos + indent >= lineEnd || text[pos + indent] === '\r';
    if (!blank && indent <= base) return pos;
    pos = lineEnd + 1;
  }
  return Math.min(pos, text.length);
}
