// Why an AMA workload is short of ready pods: its pods' own trouble first, then the controller's FailedCreate
// events, then the Deployment's condition — and whether what it shows is only a rollout in progress.
import type { Evidence } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { eventsAbout } from '../shared/events.js';
import { STARTUP_GRACE_MINUTES, troubledPods } from './pod-trouble.js';

export interface NotReadyReasons {
  summary: string;
  commands: string[];
  evidence: Evidence[];
  /** Every unready pod is starting or terminating within the grace period and no controller refused a pod. */
  transitional: boolean;
}

export function whyNotReady(
  snap: Snapshot,
  subject: { namespace: string; pods: KubeObject[]; creators: string[]; creatorKind: string; controllerReason?: string },
  now: Date,
): NotReadyReasons {
  const troubles = troubledPods(snap, subject.pods, now);
  const evidence = troubles.flatMap((t) => t.evidence);
  const failedCreate = subject.creators
    .flatMap((name) => eventsAbout(snap, { kind: subject.creatorKind, name, namespace: subject.namespace }))
    .filter((e) => e.reason === 'FailedCreate');
  for (const e of failedCreate.slice(0, 3)) evidence.push({ ref: refString(e.event), path: 'message', observed: `${e.reason} (x${e.count}): ${e.message}` });
  // Trouble first, transitional pods after: the line a person reads names the real failure.
  const ordered = [...troubles.filter((t) => !t.transitional), ...troubles.filter((t) => t.transitional)];
  const parts = ordered.slice(0, 3).map((t) => (t.transitional ? `${t.summary} (starting or stopping, under ${STARTUP_GRACE_MINUTES} min old)` : t.summary));
  if (troubles.length > 3) parts.push(`and ${troubles.length - 3} more pods`);
  if (failedCreate.length > 0) parts.push(`FailedCreate: ${failedCreate[0].message}`);
  if (parts.length === 0 && subject.controllerReason) parts.push(subject.controllerReason);
  if (parts.length === 0 && subject.pods.length === 0) parts.push('no pod exists and no event says why (events expire after an hour)');
  return {
    summary: parts.join('; '),
    commands: ordered.slice(0, 3).flatMap((t) => t.commands),
    evidence,
    transitional: troubles.length > 0 && troubles.every((t) => t.transitional) && failedCreate.length === 0,
  };
}
