// The Flux objects whose status may carry a dry-run failure: Kustomizations (Ready condition), the microsoft.flux
// FluxConfig objects, and Azure's fluxConfigurations (statuses[].statusConditions, as the portal shows them).
import type { KubeObject, ObjectRef } from '../../snapshot/objects.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { AZURE_FLUX_CONFIGURATION } from './constants.js';

export interface StatusMessage {
  /** Evidence ref: `kustomize.toolkit.fluxcd.io/v1/Kustomization flux-system/apps`. */
  ref: string;
  object?: ObjectRef;
  path: string;
  message: string;
}

export function failingMessages(snap: Snapshot): StatusMessage[] {
  return [...kustomizationMessages(snap), ...snap.list(R.FluxConfig).flatMap(fluxConfigMessages), ...azureMessages(snap)];
}

function kustomizationMessages(snap: Snapshot): StatusMessage[] {
  return snap.list(R.Kustomization).flatMap((k) => {
    const conditions: unknown = k.status?.conditions;
    if (!Array.isArray(conditions)) return [];
    return conditions
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c && typeof c.message === 'string' && c.status !== 'True')
      .map(({ c, i }) => ({ ref: refString(k), object: refOf(k), path: `status.conditions[${i}] (${c.type}=${c.status}).message`, message: c.message }));
  });
}

/** Every `message` string under status, wherever the FluxConfig's schema version put it. */
function fluxConfigMessages(o: KubeObject): StatusMessage[] {
  const out: StatusMessage[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'message' && typeof x === 'string') out.push({ ref: refString(o), object: refOf(o), path: `${path}.message`, message: x });
        else walk(x, `${path}.${k}`);
      }
    }
  };
  walk(o.status, 'status');
  return out;
}

function azureMessages(snap: Snapshot): StatusMessage[] {
  return snap.azure(AZURE_FLUX_CONFIGURATION).flatMap((r) => {
    const statuses: unknown = r.statuses;
    if (!Array.isArray(statuses)) return [];
    return statuses.flatMap((s, i) =>
      (Array.isArray(s?.statusConditions) ? s.statusConditions : [])
        .filter((c: { message?: unknown }) => typeof c?.message === 'string')
        .map((c: { message: string }, j: number) => ({ ref: `fluxConfiguration ${r.name ?? r.id ?? ''}`, object: statusObject(s), path: `statuses[${i}].statusConditions[${j}].message`, message: c.message })),
    );
  });
}

/** The Flux object an Azure status entry is about, so it and the same in-cluster Kustomization make one finding. */
function statusObject(s: { kind?: unknown; name?: unknown; namespace?: unknown }): ObjectRef | undefined {
  if (typeof s?.kind !== 'string' || typeof s?.name !== 'string') return undefined;
  return { kind: s.kind, name: s.name, namespace: typeof s.namespace === 'string' ? s.namespace : undefined };
}
