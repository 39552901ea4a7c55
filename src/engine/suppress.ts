// Suppressions (CONTRACT.md): `ID`, `ID:Kind/namespace/name` with globs, `.arcdoctor.yaml`, and the
// `arcdoctor.io/suppress` annotation on the object a finding is about.
import { UsageError } from '../errors.js';
import type { Finding } from '../checks/define.js';
import type { ObjectRef } from '../snapshot/objects.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export const SUPPRESS_ANNOTATION = 'arcdoctor.io/suppress';

export interface Suppression {
  id: string;
  /** Absent: the whole check. */
  object?: { kind: RegExp; namespace?: RegExp; name: RegExp };
  source: string;
}

export function parseSuppression(text: string, source: string, knownIds: Set<string>): Suppression {
  const [idPart, objectPart] = splitOnce(text.trim(), ':');
  const id = idPart.toUpperCase();
  if (!knownIds.has(id)) throw new UsageError(`${source}: unknown check ID "${idPart}" in suppression "${text}" (see arcdoctor checks list)`);
  if (objectPart === undefined) return { id, source };
  const parts = objectPart.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p, i) => p === '' && !(parts.length === 3 && i === 1))) {
    throw new UsageError(`${source}: suppression "${text}" must be ID or ID:Kind/namespace/name (Kind/name for cluster-scoped objects)`);
  }
  const [kind, namespace, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
  return { id, source, object: { kind: glob(kind, 'i'), namespace: namespace ? glob(namespace) : undefined, name: glob(name) } };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function glob(pattern: string, flags = ''): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, flags);
}

function matchesObject(s: Suppression, ref: ObjectRef): boolean {
  if (!s.object) return false;
  return s.object.kind.test(ref.kind) && (!s.object.namespace || s.object.namespace.test(ref.namespace ?? '')) && s.object.name.test(ref.name);
}

/** Whether the whole check is suppressed by ID. */
export function suppressesCheck(suppressions: Suppression[], id: string): boolean {
  return suppressions.some((s) => s.id === id && !s.object);
}

/** Objects that carry the suppress annotation, by `Kind/namespace/name`, with the IDs they suppress. */
export type AnnotationSuppressions = Map<string, Set<string>>;

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** Reads every suppress annotation once; an unknown ID in one is a usage error (CONTRACT.md). */
export function annotationSuppressions(snap: Snapshot, knownIds: Set<string>): AnnotationSuppressions {
  const out: AnnotationSuppressions = new Map();
  for (const obj of snap.objects()) {
    const value = obj.metadata.annotations?.[SUPPRESS_ANNOTATION];
    if (!value) continue;
    const ids = value.split(',').map((v) => v.trim().toUpperCase()).filter(Boolean);
    for (const id of ids) {
      if (!knownIds.has(id)) {
        const where = `${obj.kind} ${obj.metadata.namespace ? obj.metadata.namespace + '/' : ''}${obj.metadata.name}`;
        throw new UsageError(`annotation ${SUPPRESS_ANNOTATION} on ${where}: unknown check ID "${id}"`);
      }
    }
    out.set(objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name), new Set(ids));
  }
  return out;
}

/** Whether a finding's object is suppressed by a flag/config entry or by its own annotation. */
export function suppressesFinding(suppressions: Suppression[], annotations: AnnotationSuppressions, id: string, finding: Finding): boolean {
  const ref = finding.object;
  if (!ref) return false;
  if (suppressions.some((s) => s.id === id && matchesObject(s, ref))) return true;
  return annotations.get(objectKey(ref.kind, ref.namespace, ref.name))?.has(id) ?? false;
}
