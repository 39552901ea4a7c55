// `fix --wait`: watches what a controller must carry out after a change (a rollout after a restart, a reconcile after
// a request) until it is done or the time is up, with a progress line on stderr per poll.
import type { KubeObject } from '../snapshot/objects.js';
import type { ApiClient } from '../sources/live/http.js';
import type { ChangeOutcome } from './apply.js';
import { describeTarget } from './changes.js';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const POLL_MS = 2000;

interface Watched {
  outcome: ChangeOutcome;
  /** Undefined while in progress; the verdict once done. */
  done(now: KubeObject): string | undefined;
}

/** A rollout is complete when the new generation is observed and every replica is updated and available. */
export function rolloutDone(d: KubeObject, generation: number): string | undefined {
  const s = d.status ?? {};
  const want = Number(d.spec?.replicas ?? 1);
  if (Number(s.observedGeneration ?? 0) < generation) return undefined;
  if (Number(s.updatedReplicas ?? 0) < want || Number(s.availableReplicas ?? 0) < want || Number(s.unavailableReplicas ?? 0) > 0) return undefined;
  return `rolled out (${want}/${want} updated and available)`;
}

/** Flux records the request it handled in status.lastHandledReconcileAt. */
export function reconcileDone(k: KubeObject, requestedAt: string): string | undefined {
  if (k.status?.lastHandledReconcileAt !== requestedAt) return undefined;
  const ready = (Array.isArray(k.status?.conditions) ? k.status.conditions : []).find((c: { type?: string }) => c?.type === 'Ready');
  return `reconciled (Ready=${ready?.status ?? 'unknown'}${ready?.message ? `: ${ready.message}` : ''})`;
}

function watched(o: ChangeOutcome): Watched | undefined {
  const after = o.after;
  if (!after) return undefined;
  const restarted = after.spec?.template?.metadata?.annotations?.[RESTARTED_AT];
  const patch = o.change.action.patch as { spec?: { template?: unknown }; metadata?: { annotations?: Record<string, string> } };
  if (restarted && patch?.spec?.template) return { outcome: o, done: (now) => rolloutDone(now, Number(after.metadata.generation ?? 0)) };
  const requested = patch?.metadata?.annotations?.[REQUESTED_AT];
  if (requested) return { outcome: o, done: (now) => reconcileDone(now, requested) };
  return undefined;
}

export async function waitForChanges(client: ApiClient, applied: ChangeOutcome[], opts: { timeoutMs: number; progress: (line: string) => void; pollMs?: number }): Promise<string[]> {
  const pending = applied.flatMap((o) => watched(o) ?? []);
  const results = new Map<Watched, string>();
  const deadline = Date.now() + opts.timeoutMs;
  while (results.size < pending.length) {
    for (const w of pending.filter((p) => !results.has(p))) {
      const res = await client.get(w.outcome.change.path!);
      if (res.status !== 200) continue;
      const verdict = w.done(JSON.parse(res.body) as KubeObject);
      if (verdict) results.set(w, verdict);
    }
    const left = pending.length - results.size;
    if (left === 0) break;
    if (Date.now() + (opts.pollMs ?? POLL_MS) > deadline) break;
    opts.progress(`arcdoctor: waiting for ${left} rollout(s)/reconcile(s)…`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? POLL_MS));
  }
  return pending.map((w) => `${describeTarget(w.outcome.change.action.target)}: ${results.get(w) ?? `not done within ${Math.round(opts.timeoutMs / 1000)}s: check it with kubectl, it may still complete`}`);
}
