// Refusals of the privileged AMA pods as they reach FailedCreate events or a ReplicaFailure condition, and
// which mechanism refused them: each has its own fix.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { eventsAbout, type ObjectEvent } from '../shared/events.js';
import type { AmaInstall } from './install.js';

/**
 * kube-apiserver --allow-privileged=false (`...securityContext.privileged: Forbidden: disallowed by cluster policy`),
 * Pod Security admission (`violates PodSecurity "baseline:latest": privileged (...)`), PodSecurityPolicy
 * (`Privileged containers are not allowed`) and policy webhooks (`admission webhook "..." denied the request: ... privileged`).
 */
const PRIVILEGED_REFUSAL = /privileged/i;

export type RefusalMechanism = 'cluster-policy' | 'pod-security' | 'pod-security-policy' | 'webhook';

export interface PrivilegedRefusal extends ObjectEvent {
  mechanism: RefusalMechanism;
  /** The admission webhook that denied the pod, for `webhook`. */
  webhook?: string;
}

export function privilegedRefusals(snap: Snapshot, install: AmaInstall): PrivilegedRefusal[] {
  const ns = install.namespace;
  const subjects: Array<{ kind: string; name: string }> = [];
  if (install.daemonSet) subjects.push({ kind: 'DaemonSet', name: install.daemonSet.metadata.name });
  for (const rs of snap.list(R.ReplicaSet, { namespace: ns })) if (rs.metadata.name.startsWith(install.names.deployment + '-')) subjects.push({ kind: 'ReplicaSet', name: rs.metadata.name });
  const events: ObjectEvent[] = subjects.flatMap((s) => eventsAbout(snap, { ...s, namespace: ns })).filter((e) => e.reason === 'FailedCreate' && PRIVILEGED_REFUSAL.test(e.message));
  const dep = install.deployment;
  const failure = (dep?.status?.conditions ?? []).find((c: { type?: string; status?: string; message?: string }) => c.type === 'ReplicaFailure' && c.status === 'True' && PRIVILEGED_REFUSAL.test(c.message ?? ''));
  if (dep && failure) events.push(conditionAsEvent(dep, String(failure.message)));
  return events.map((e) => ({ ...e, ...mechanismOf(e.message) }));
}

function mechanismOf(message: string): { mechanism: RefusalMechanism; webhook?: string } {
  const webhook = /admission webhook "([^"]+)" denied/i.exec(message)?.[1];
  if (webhook) return { mechanism: 'webhook', webhook };
  if (/violates PodSecurity/i.test(message)) return { mechanism: 'pod-security' };
  if (/pod security polic/i.test(message)) return { mechanism: 'pod-security-policy' };
  return { mechanism: 'cluster-policy' };
}

function conditionAsEvent(dep: KubeObject, message: string): ObjectEvent {
  return { reason: 'FailedCreate', message, type: 'Warning', count: 1, event: dep };
}
