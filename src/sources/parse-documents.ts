// Turns the text of one snapshot file into Kubernetes objects, exactly as `kubectl get -o yaml|json` prints them:
// a single object, a List / SomethingList with items, or several YAML documents.
import { isMap, parseAllDocuments, type Document } from 'yaml';
import { UsageError } from '../errors.js';
import { groupOf, type KubeObject } from '../snapshot/objects.js';

export interface ParsedFile {
  objects: KubeObject[];
  warnings: string[];
  /** Types printed as a typed list (`kind: PodList`): read whole, so an empty one means "none", not "not collected". */
  listedTypes: Array<{ group: string; kind: string }>;
}

export function parseKubernetesFile(path: string, text: string): ParsedFile {
  assertText(path, text);
  const warnings: string[] = [];
  const values: Array<{ value: unknown; line: number }> = path.endsWith('.json') ? parseJsonFile(path, text) : parseYamlFile(path, text, warnings);
  const objects: KubeObject[] = [];
  const listedTypes: ParsedFile['listedTypes'] = [];
  values.forEach(({ value, line }, index) => {
    if (value === null || value === undefined) return; // an empty document between `---` separators
    collectObjects(path, line, index, value, objects);
    const typed = typedListOf(value);
    if (typed) listedTypes.push(typed);
  });
  return { objects, warnings, listedTypes };
}

/** Binary files are rejected before a parser can produce a confusing message about them. */
export function assertText(path: string, text: string): void {
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    throw new UsageError(`${path}: not a text file (binary content); a snapshot holds YAML, JSON and log files`);
  }
}

function parseJsonFile(path: string, text: string): Array<{ value: unknown; line: number }> {
  if (text.trim() === '') return [];
  try {
    return [{ value: JSON.parse(text), line: 1 }];
  } catch (err) {
    const message = (err as Error).message;
    const pos = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
    const line = Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : 1;
    throw new UsageError(`${path}:${line}: invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
}

function parseYamlFile(path: string, text: string, warnings: string[]): Array<{ value: unknown; line: number }> {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Array<{ value: unknown; line: number }> = [];
  const hasAlias = /(^|[\s\[{,:-])\*[^\s,\]}]+/m.test(text);
  for (const doc of list) {
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0]?.line ?? lineAt(text, first.pos[0]);
      throw new UsageError(`${path}:${line}: invalid YAML: ${first.message.split('\n')[0]}`);
    }
    dropDuplicateTopLevelKeys(path, text, doc, warnings);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      throw new UsageError(`${path}:${lineAt(text, doc.range?.[0] ?? 0)}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    // YAML aliases make two objects share one node; every object must stand alone (serve patches them one by one).
    out.push({ value: hasAlias ? JSON.parse(JSON.stringify(value)) : value, line: lineAt(text, doc.range?.[0] ?? 0) });
  }
  return out;
}

/**
 * The Arc troubleshooting guide prints `kubectl get meshconfig -o yaml` with a second `kind: List` / `metadata`
 * pasted at the end; users copy it as is. Keep the first occurrence of a top-level key, and say so.
 */
function dropDuplicateTopLevelKeys(path: string, text: string, doc: Document, warnings: string[]): void {
  if (!isMap(doc.contents)) return;
  const seen = new Set<string>();
  doc.contents.items = doc.contents.items.filter((pair) => {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    const range = (pair.key as { range?: number[] })?.range;
    warnings.push(`${path}:${range ? lineAt(text, range[0]) : '?'}: duplicate key "${key}" ignored (the first one is kept)`);
    return false;
  });
}

function lineAt(text: string, pos: number): number {
  return text.slice(0, pos).split('\n').length;
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
