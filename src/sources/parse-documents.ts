// Turns the text of one snapshot file into Kubernetes objects, exactly as `kubectl get -o yaml|json` prints them:
// a single object, a List / SomethingList with items, or several YAML documents. JSON goes through JSON.parse,
// YAML through parse-yaml.ts; the fields no check reads are forgotten as each object is taken (trim-objects.ts).
import { UsageError } from '../errors.js';
import { groupOf, type KubeObject } from '../snapshot/objects.js';
import { DEFAULT_LIMITS, type InputLimits } from './limits.js';
import { LineIndex, parseYamlDocuments, type ParsedValue } from './parse-yaml.js';
import { trimObject } from './trim-objects.js';
import { parseJsonListByItems } from './parse-json-list.js';

export interface ParsedFile {
  objects: KubeObject[];
  warnings: string[];
  /** Types printed as a typed list (`kind: PodList`): read whole, so an empty one means "none", not "not collected". */
  listedTypes: Array<{ group: string; kind: string }>;
}

export interface ParseOptions {
  limits?: InputLimits;
  /** Forget the fields no check reads (the check path); serve keeps objects whole. */
  trim?: boolean;
}

export function parseKubernetesFile(path: string, text: string, options: ParseOptions = {}): ParsedFile {
  const warnings: string[] = [];
  const values: ParsedValue[] = /\.json$/i.test(path) ? parseJsonFile(path, text, Boolean(options.trim)) : parseYamlDocuments(path, text, options.limits ?? DEFAULT_LIMITS, warnings);
  return parsedFileFrom(path, values, warnings, options);
}

/** The objects of a file's parsed documents (whole or streamed, stream-file.ts), validated and trimmed. */
export function parsedFileFrom(path: string, values: ParsedValue[], warnings: string[], options: ParseOptions): ParsedFile {
  const objects: KubeObject[] = [];
  const listedTypes: ParsedFile['listedTypes'] = [];
  values.forEach(({ value, line }, index) => {
    if (value === null || value === undefined) return; // an empty document between `---` separators
    collectObjects(path, line, index, value, objects);
    const typed = typedListOf(value);
    if (typed) listedTypes.push(typed);
  });
  if (options.trim) for (const obj of objects) trimObject(obj);
  return { objects, warnings, listedTypes };
}

export function parseJson(path: string, text: string): unknown {
  return parseJsonAt(path, text, 1);
}

/** JSON.parse of a text that starts on line `firstLine` of its file (an item of a streamed List, stream-file.ts). */
export function parseJsonAt(path: string, text: string, firstLine: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
    const line = firstLine - 1 + (Number.isFinite(pos) ? new LineIndex(text).lineOf(pos) : 1);
    // Node quotes the text around the error, newlines included: one line it must stay.
    throw new UsageError(`${path}:${line}: invalid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '').replace(/\r?\n/g, '\\n')}`);
  }
}

const SPLIT_ABOVE = 1024 * 1024;

function parseJsonFile(path: string, text: string, trim: boolean): ParsedValue[] {
  if (/^\s*$/.test(text.slice(0, 256)) && text.trim() === '') return [];
  if (trim && text.length > SPLIT_ABOVE) {
    const list = parseJsonListByItems(text, { onItem: (item) => isTrimmable(item) && trimObject(item) });
    if (list) return [{ value: list, line: 1 }];
  }
  return [{ value: parseJson(path, text), line: 1 }];
}

/** Only what validateObject will accept is trimmed early; the rest is left for it to refuse. */
function isTrimmable(item: unknown): item is KubeObject {
  const o = item as { kind?: unknown; apiVersion?: unknown; metadata?: unknown };
  return Boolean(o && typeof o === 'object' && typeof o.kind === 'string' && typeof o.apiVersion === 'string' && o.metadata && typeof o.metadata === 'object');
}

/** `kubectl get pods -A -o json` prints `kind: PodList` (the generic `List` comes from -o yaml or several types). */
function typedListOf(value: unknown): { group: string; kind: string } | undefined {
  const v = value as { kind?: unknown; apiVersion?: unknown; items?: unknown };
  if (!v || typeof v.kind !== 'string' || v.kind === 'List' || !v.kind.endsWith('List') || !Array.isArray(v.items)) return undefined;
  const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : 'v1';
  return { group: groupOf(apiVersion), kind: v.kind.slice(0, -'List'.length) };
}

function collectObjects(path: string, line: number, index: number, value: unknown, out: KubeObject[]): void {
  const where = `${path}:${line}`;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${where}: document ${index + 1} is not a Kubernetes object (expected a mapping with apiVersion and kind)`);
  }
  const obj = value as Record<string, unknown>;
  const kind = obj.kind;
  if (Array.isArray(obj.items) && (kind === undefined || kind === 'List' || (typeof kind === 'string' && kind.endsWith('List')))) {
    const listApiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined;
    const itemKind = typeof kind === 'string' && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
    obj.items.forEach((item, i) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const it = item as Record<string, unknown>;
        // `kubectl get -o json` of a typed list omits kind/apiVersion on items when the API did.
        if (it.kind === undefined && itemKind) it.kind = itemKind;
        if (it.apiVersion === undefined && listApiVersion && itemKind) it.apiVersion = listApiVersion;
      }
      validateObject(`${where} (items[${i}])`, item, out);
    });
    return;
  }
  validateObject(`${where}${index > 0 ? ` (document ${index + 1})` : ''}`, obj, out);
}

function validateObject(where: string, value: unknown, out: KubeObject[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${where}: not a Kubernetes object (expected a mapping with apiVersion and kind)`);
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.kind !== 'string' || obj.kind === '') throw new UsageError(`${where}: object has no "kind"; is this the output of kubectl get -o yaml?`);
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') throw new UsageError(`${where}: ${obj.kind} has no "apiVersion"`);
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object' || typeof meta.name !== 'string' || meta.name === '') {
    throw new UsageError(`${where}: ${obj.kind} has no metadata.name`);
  }
  if (obj.kind === 'Secret' && obj.apiVersion === 'v1') {
    // Secret values are never read, even from a snapshot that holds them.
    delete obj.data;
    delete obj.stringData;
  }
  out.push(obj as unknown as KubeObject);
}
