// The restart `arcdoctor fix` applies: the strategic-merge patch `kubectl rollout restart` sends, stamped with the
// run's clock. A restart cannot be undone; its rollout is the controller's to carry out.
import type { FixAction } from '../define.js';

/** Workloads `kubectl rollout restart` knows, with the API version its patch targets. */
export const RESTARTABLE: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1' };

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

export function restartAction(kind: string, namespace: string, name: string, now: Date, why: string): FixAction {
  return {
    title: `Restart ${kind} ${namespace}/${name} ${why}`,
    target: { apiVersion: RESTARTABLE[kind] ?? 'apps/v1', kind, namespace, name },
    patchType: 'strategic',
    patch: { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: rfc3339(now) } } } } },
    notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
    waitFor: `the rollout of ${kind} ${namespace}/${name} (kubectl rollout status ${kind.toLowerCase()} ${name} -n ${namespace}, or fix --wait)`,
  };
}

/** Go's time.RFC3339, what kubectl writes: whole seconds, UTC as `Z`. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
