// The three PATCH formats: JSON merge patch (RFC 7386), strategic merge patch (lists merged by their merge key —
// containers by name, `$patch: delete`, `$setElementOrder` …, as far as built-in objects need) and JSON patch (RFC 6902).
import { ApiError } from './status.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/** patchMergeKey of the list fields built-in objects carry (k8s.io/api struct tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
  hostAliases: 'ip',
  webhooks: 'name',
  readinessGates: 'conditionType',
  topologySpreadConstraints: 'topologyKey',
};

function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field === 'ports') return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _drop, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return null;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const remove = Array.isArray(v) ? v.map((x) => JSON.stringify(x)) : [];
      if (Array.isArray(out[field])) out[field] = (out[field] as Json[]).filter((x) => !remove.includes(JSON.stringify(x)));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, Array.isArray(out[k]) ? (out[k] as Json[]) : [], v);
    else out[k] = strategicMergePatch(out[k] ?? null, v);
  }
  return out;
}

function mergeList(field: string, current: Json[], patch: Json[]): Json[] {
  const key = mergeKeyFor(field, [...current, ...patch]);
  if (!key || !patch.every(isObject)) return patch.map(stripDirectives);
  if (patch.length === 1 && isObject(patch[0]) && patch[0].$patch === 'replace') return [];
  const out = [...current];
  for (const item of patch as JsonObject[]) {
    const idx = out.findIndex((c) => isObject(c) && c[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategicMergePatch(out[idx], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

export function jsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let root = structuredClone(doc);
  for (const raw of ops as Operation[]) {
    if (!isObject(raw as unknown as Json) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw invalidPatch('missing op or path');
    switch (raw.op) {
      case 'add':
        root = setAt(root, pointer(raw.path), structuredClone(raw.value ?? null), 'add');
        break;
      case 'replace':
        getAt(root, pointer(raw.path), 'replace');
        root = setAt(root, pointer(raw.path), structuredClone(raw.value ?? null), 'replace');
        break;
      case 'remove':
        root = removeAt(root, pointer(raw.path));
        break;
      case 'move': {
        const v = getAt(root, pointer(raw.from ?? ''), 'move');
        root = setAt(removeAt(root, pointer(raw.from ?? '')), pointer(raw.path), v, 'add');
        break;
      }
      case 'copy':
        root = setAt(root, pointer(raw.path), structuredClone(getAt(root, pointer(raw.from ?? ''), 'copy')), 'add');
        break;
      case 'test':
        if (JSON.stringify(getAt(root, pointer(raw.path), 'test')) !== JSON.stringify(raw.value)) throw invalidPatch(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw invalidPatch(`Unexpected kind: ${raw.op}`);
    }
  }
  return root;
}

function invalidPatch(detail: string): ApiError {
  return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${detail}`);
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw invalidPatch(`JSON pointer must be empty or start with a "/": ${path}`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(root: Json, parts: string[], op: string): Json {
  let cur: Json = root;
  for (const p of parts) {
    if (Array.isArray(cur) && /^\d+$/.test(p) && Number(p) < cur.length) cur = cur[Number(p)];
    else if (isObject(cur) && p in cur) cur = cur[p];
    else throw invalidPatch(`${op} operation does not apply: doc is missing path: "/${parts.join('/')}"`);
  }
  return cur;
}

function setAt(root: Json, parts: string[], value: Json, op: string): Json {
  if (parts.length === 0) return value;
  const parent = getAt(root, parts.slice(0, -1), op);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    const idx = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(idx) || idx < 0 || idx > parent.length) throw invalidPatch(`${op} operation does not apply: index out of bounds: /${parts.join('/')}`);
    if (op === 'add') parent.splice(idx, 0, value);
    else parent[idx] = value;
  } else if (isObject(parent)) parent[last] = value;
  else throw invalidPatch(`${op} operation does not apply: doc is missing path: "/${parts.join('/')}"`);
  return root;
}

function removeAt(root: Json, parts: string[]): Json {
  getAt(root, parts, 'remove');
  const parent = getAt(root, parts.slice(0, -1), 'remove');
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent)) delete parent[last];
  return root;
}

export type { Json };
