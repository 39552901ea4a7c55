// Which containers' logs a check's log needs name, on a snapshot: one rule for the live source (which reads them
// after the lists, issue #13) and the engine (which turns a needed log that could not be read into `error`, #10).
import type { LogNeed } from '../checks/define.js';
import type { KubeObject } from '../snapshot/objects.js';
import { R } from '../snapshot/resources.js';
import type { Snapshot } from '../snapshot/snapshot.js';

/** A need matching a whole DaemonSet on a big cluster reads at most this many pods, troubled ones first. */
export const MAX_PODS_PER_LOG_NEED = 50;

export interface NeededLog {
  pod: KubeObject;
  container: string;
  /** The container restarted: its previous instance's log is wanted too. */
  restarted: boolean;
}

export function neededLogs(need: LogNeed, snap: Snapshot): NeededLog[] {
  const matching = snap
    .list(R.Pod, { namespace: need.namespace, selector: need.selector })
    .filter((p) => typeof p.metadata.namespace === 'string' && safeWhen(need, p, snap));
  return prioritize(matching)
    .slice(0, MAX_PODS_PER_LOG_NEED)
    .flatMap((pod) => containersOf(pod, need.container).map((c) => ({ pod, container: c.name, restarted: c.restarted })));
}

/** A `when` that crashes on odd input reads the log: reading too much is safe, too little is not. */
function safeWhen(need: LogNeed, pod: KubeObject, snap: Snapshot): boolean {
  if (!need.when) return true;
  try {
    return need.when(pod, snap);
  } catch {
    return true;
  }
}

function prioritize(pods: KubeObject[]): KubeObject[] {
  const troubled = (p: KubeObject) => statuses(p).some((c) => !c.ready || (c.restartCount ?? 0) > 0);
  return [...pods.filter(troubled), ...pods.filter((p) => !troubled(p))];
}

function statuses(pod: KubeObject): Array<{ name?: string; ready?: boolean; restartCount?: number }> {
  const s = pod.status?.containerStatuses;
  return Array.isArray(s) ? s.filter((c) => c && typeof c === 'object') : [];
}

function containersOf(pod: KubeObject, only: string | undefined): Array<{ name: string; restarted: boolean }> {
  const specs = (Array.isArray(pod.spec?.containers) ? pod.spec.containers : []) as Array<{ name?: unknown }>;
  return specs
    .filter((c): c is { name: string } => Boolean(c) && typeof c.name === 'string')
    .filter((c) => only === undefined || c.name === only)
    .map((c) => ({ name: c.name, restarted: (statuses(pod).find((s) => s.name === c.name)?.restartCount ?? 0) > 0 }));
}

/** Pod predicates the catalog's `when`s share: the pod (or one container) is not ready, waits, or restarted. */
export function podTroubled(pod: KubeObject, container?: string): boolean {
  const all = statuses(pod).filter((c) => container === undefined || c.name === container);
  const phase = pod.status?.phase;
  if (all.length === 0) return phase !== 'Succeeded';
  return phase !== 'Running' || all.some((c) => !c.ready || (c.restartCount ?? 0) > 0);
}
