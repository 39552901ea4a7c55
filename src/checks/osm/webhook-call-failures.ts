// Calls from the API server to OSM's injector webhook that failed, as the workloads that could not create pods
// report them: a ReplicaFailure condition on the Deployment/ReplicaSet/StatefulSet, or a FailedCreate event.
// Real reports: openservicemesh/osm#3973 (connect: connection refused), #4552 (dial tcp …:9090: i/o timeout).
import type { Evidence } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { EVENTS_GROUP } from '../shared/events.js';

export const INJECTOR_WEBHOOK = 'osm-inject.k8s.io';

export interface WebhookCallFailure {
  /** `ReplicaSet bookbuyer/bookbuyer-7676c7fcfb`: the workload that could not create its pods. */
  subject: string;
  evidence: Evidence;
  cause: string;
  /** The call reached the injector but TLS failed: a trust (caBundle) problem for OSM011, not a network one. */
  tls: boolean;
  /** The Service the API server called, from the URL the error quotes (`https://osm-injector.osm-system.svc:9090/…`). */
  service?: CalledService;
}

export interface CalledService {
  name: string;
  namespace: string;
  port?: number;
}

const CALLED_URL = /"https:\/\/([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.[a-z0-9.-]+)?(?::(\d+))?\//;

/** The service a webhook call went to; undefined when the message does not quote a service URL. */
export function calledService(message: string): CalledService | undefined {
  const m = CALLED_URL.exec(message);
  return m ? { name: m[1], namespace: m[2], port: m[3] ? Number(m[3]) : undefined } : undefined;
}

/**
 * The webhook configurations whose webhook `name` calls `svc`: what the failure is attributed to (a leftover
 * configuration of an uninstalled upstream OSM calls osm-system, not arc-osm-system).
 */
export function configurationsCalling(snap: Snapshot, webhook: string, svc: CalledService): string[] {
  return [R.MutatingWebhookConfiguration, R.ValidatingWebhookConfiguration].flatMap((t) =>
    snap.list(t).filter((c) => (Array.isArray(c.webhooks) ? c.webhooks : []).some((w: any) => w?.name === webhook && w?.clientConfig?.service?.name === svc.name && w?.clientConfig?.service?.namespace === svc.namespace)).map((c) => `${c.kind} ${c.metadata.name}`),
  );
}

const TLS_FAILURE = /x509:|certificate/;

const CAUSES: Array<[RegExp, string]> = [
  [/i\/o timeout|context deadline exceeded|Client\.Timeout/, 'the API server cannot reach the injector pod on 9090 in time: a network policy, firewall or security group between the control plane and the pod network drops the call'],
  [/connection refused/, 'nothing accepts connections on the injector pod\'s port 9090: the injector is restarting or not serving'],
  [/no endpoints available for service/, 'the osm-injector Service has no ready pod behind it'],
  [TLS_FAILURE, 'the API server does not trust the injector\'s certificate: the webhook caBundle does not match (see OSM011)'],
  [/service "[^"]+" not found/, 'the osm-injector Service does not exist (see OSM007)'],
];

/** What the error text says went wrong, in one phrase. */
export function failureCause(message: string): string {
  return CAUSES.find(([re]) => re.test(message))?.[1] ?? 'the call to the injector failed';
}

function mentions(message: unknown, webhook: string): message is string {
  return typeof message === 'string' && message.includes(`failed calling webhook "${webhook}"`);
}

/** ReplicaFailure conditions are the workload's current state, so they are never stale. */
function fromConditions(snap: Snapshot, webhook: string): WebhookCallFailure[] {
  const workloads = [R.Deployment, R.ReplicaSet, R.StatefulSet, R.DaemonSet].flatMap((t) => snap.list(t));
  return workloads.flatMap((obj) => {
    const conditions: unknown[] = Array.isArray(obj.status?.conditions) ? obj.status.conditions : [];
    return conditions.flatMap((c: any, i) => {
      if (c?.type !== 'ReplicaFailure' || c?.status !== 'True' || !mentions(c?.message, webhook)) return [];
      return [{ subject: `${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`, cause: failureCause(c.message), tls: TLS_FAILURE.test(c.message), service: calledService(c.message), evidence: { ref: refString(obj), path: `status.conditions[${i}] (ReplicaFailure)`, observed: c.message, expected: 'no ReplicaFailure' } }];
    });
  });
}

/** A FailedCreate event whose ReplicaSet has since got all its pods ready is history, not a current fault. */
function recovered(snap: Snapshot, about: { kind?: string; name?: string; namespace?: string }): boolean {
  if (about.kind !== 'ReplicaSet' || !about.name) return false;
  const rs = snap.get(R.ReplicaSet, about.namespace, about.name);
  const wanted = Number(rs?.spec?.replicas ?? 1);
  return rs !== undefined && Number(rs.status?.readyReplicas ?? 0) >= wanted;
}

function fromEvents(snap: Snapshot, webhook: string): WebhookCallFailure[] {
  const events: KubeObject[] = [...snap.list(R.Event), ...snap.listGroup(EVENTS_GROUP).filter((e) => e.kind === 'Event')];
  return events.flatMap((e) => {
    const message = e.message ?? e.note;
    const about = e.involvedObject ?? e.regarding ?? {};
    if (!mentions(message, webhook) || recovered(snap, { ...about, namespace: about.namespace ?? e.metadata.namespace })) return [];
    const count = Number(e.count ?? e.series?.count ?? 1) || 1;
    return [{ subject: `${about.kind ?? 'object'} ${about.namespace ?? e.metadata.namespace}/${about.name ?? '?'}`, cause: failureCause(message), tls: TLS_FAILURE.test(message), service: calledService(message), evidence: { ref: refString(e), path: `message (${e.reason ?? 'event'}, ${count}x)`, observed: message, expected: 'no failed webhook calls' } }];
  });
}

/** Current failures first; one per workload (its condition, else its latest event). */
export function webhookCallFailures(snap: Snapshot, webhook = INJECTOR_WEBHOOK): WebhookCallFailure[] {
  // A Deployment copies its ReplicaSet's ReplicaFailure message: the same text in one namespace is one failure.
  const seen = new Set<string>();
  return [...fromConditions(snap, webhook), ...fromEvents(snap, webhook)].filter((f) => {
    const keys = [f.subject, `${f.subject.split(' ')[1]?.split('/')[0]}\u0000${String(f.evidence.observed)}`];
    // A dropped copy still names its workload: that workload's events are the same failure too.
    const copy = keys.some((k) => seen.has(k));
    keys.forEach((k) => seen.add(k));
    return !copy;
  });
}
