// kubectl's usual columns (k8s.io/kubernetes pkg/printers/internalversion), computed on the server as the
// API server does for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Priority 1 columns show with -o wide.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../snapshot/objects.js';
import { since } from './humanize.js';
import { col, type Printer } from './columns.js';
import { podColumns } from './printers-pod.js';

const NAME = col('Name', 'string', 0, 'name');
const AGE = col('Age');
const age = (o: KubeObject, now: Date) => since(o.metadata.creationTimestamp, now);
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

export const DEFAULT_PRINTER: Printer = { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, age(o, now)] };

const PRINTERS: Record<string, Printer> = {
  '/Pod': podColumns(NAME, AGE),
  'apps/Deployment': {
    columns: [NAME, col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells: (o, now) => [
      o.metadata.name,
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
      o.status?.updatedReplicas ?? 0,
      o.status?.availableReplicas ?? 0,
      age(o, now),
      ...containerCells(o.spec?.template?.spec),
      formatSelector(o.spec?.selector),
    ],
  },
  'apps/ReplicaSet': {
    columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells: (o, now) => [o.metadata.name, o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o, now), ...containerCells(o.spec?.template?.spec), formatSelector(o.spec?.selector)],
  },
  'apps/DaemonSet': {
    columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Node Selector'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells: (o, now) => [
      o.metadata.name,
      o.status?.desiredNumberScheduled ?? 0,
      o.status?.currentNumberScheduled ?? 0,
      o.status?.numberReady ?? 0,
      o.status?.updatedNumberScheduled ?? 0,
      o.status?.numberAvailable ?? 0,
      formatMap(o.spec?.template?.spec?.nodeSelector),
      age(o, now),
      ...containerCells(o.spec?.template?.spec),
      formatSelector(o.spec?.selector),
    ],
  },
  'apps/StatefulSet': {
    columns: [NAME, col('Ready'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1)],
    cells: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, age(o, now), ...containerCells(o.spec?.template?.spec)],
  },
  '/Service': {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 'string', 1)],
    cells: (o, now) => [o.metadata.name, o.spec?.type ?? 'ClusterIP', o.spec?.clusterIP || '<none>', externalIP(o), servicePorts(o), age(o, now), formatMap(o.spec?.selector)],
  },
  '/Endpoints': { columns: [NAME, col('Endpoints'), AGE], cells: (o, now) => [o.metadata.name, formatEndpoints(o), age(o, now)] },
  '/Namespace': { columns: [NAME, col('Status'), AGE], cells: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o, now)] },
  '/Node': {
    columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 'string', 1), col('External-IP', 'string', 1), col('OS-Image', 'string', 1), col('Kernel-Version', 'string', 1), col('Container-Runtime', 'string', 1)],
    cells: (o, now) => [
      o.metadata.name,
      nodeStatus(o),
      nodeRoles(o),
      age(o, now),
      o.status?.nodeInfo?.kubeletVersion ?? '',
      nodeAddress(o, 'InternalIP'),
      nodeAddress(o, 'ExternalIP'),
      o.status?.nodeInfo?.osImage ?? '<unknown>',
      o.status?.nodeInfo?.kernelVersion ?? '<unknown>',
      o.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>',
    ],
  },
  '/Event': {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', 1), col('Source', 'string', 1), col('Message'), col('First Seen', 'string', 1), col('Count', 'string', 1), col('Name', 'string', 1)],
    cells: (o, now) => [
      eventLastSeen(o, now),
      o.type ?? '',
      o.reason ?? '',
      `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`,
      o.involvedObject?.fieldPath ?? '',
      [o.source?.component ?? o.reportingController, o.source?.host].filter(Boolean).join(', '),
      o.message ?? '',
      since(o.firstTimestamp ?? o.eventTime, now),
      String(o.count ?? 1),
      o.metadata.name,
    ],
  },
  '/ConfigMap': { columns: [NAME, col('Data', 'integer'), AGE], cells: (o, now) => [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o, now)] },
  '/Secret': { columns: [NAME, col('Type'), col('Data', 'integer'), AGE], cells: (o, now) => [o.metadata.name, o.type ?? 'Opaque', Object.keys(o.data ?? {}).length, age(o, now)] },
  '/ServiceAccount': { columns: [NAME, col('Secrets', 'integer'), AGE], cells: (o, now) => [o.metadata.name, arr(o.secrets).length, age(o, now)] },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': webhookPrinter(),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': webhookPrinter(),
  'apiextensions.k8s.io/CustomResourceDefinition': {
    columns: [NAME, col('Created At', 'date')],
    cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? null],
  },
};

export function builtinPrinter(group: string, kind: string): Printer | undefined {
  return PRINTERS[`${group}/${kind}`];
}

function webhookPrinter(): Printer {
  return { columns: [NAME, col('Webhooks', 'integer'), AGE], cells: (o, now) => [o.metadata.name, arr(o.webhooks).length, age(o, now)] };
}

function containerCells(podSpec: any): string[] {
  const cs = arr(podSpec?.containers);
  return [cs.map((c) => c?.name).join(','), cs.map((c) => c?.image).join(',')];
}

function formatMap(m: unknown): string {
  if (!m || typeof m !== 'object' || Object.keys(m).length === 0) return '<none>';
  return Object.entries(m as Record<string, string>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** metav1.FormatLabelSelector. */
export function formatSelector(sel: any): string {
  if (!sel || typeof sel !== 'object') return '<none>';
  const parts = Object.entries((sel.matchLabels ?? {}) as Record<string, string>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of arr(sel.matchExpressions)) {
    const op = String(e?.operator ?? '');
    if (op === 'In') parts.push(`${e.key} in (${arr(e.values).join(',')})`);
    else if (op === 'NotIn') parts.push(`${e.key} notin (${arr(e.values).join(',')})`);
    else if (op === 'Exists') parts.push(String(e.key));
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function externalIP(o: KubeObject): string {
  const type = o.spec?.type ?? 'ClusterIP';
  const external = arr(o.spec?.externalIPs).map(String);
  if (type === 'ExternalName') return o.spec?.externalName ?? '<none>';
  if (type === 'LoadBalancer') {
    const lb = arr(o.status?.loadBalancer?.ingress).map((i) => i?.ip || i?.hostname).filter(Boolean);
    const all = [...lb, ...external];
    return all.length ? all.join(',') : '<pending>';
  }
  return external.length ? external.join(',') : '<none>';
}

function servicePorts(o: KubeObject): string {
  const ports = arr(o.spec?.ports);
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p?.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p?.port}/${p?.protocol ?? 'TCP'}`)).join(',');
}

/** Ready addresses × ports, at most three then "+ N more...", as kubectl's formatEndpoints. */
function formatEndpoints(o: KubeObject): string {
  const subsets = arr(o.subsets);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const push = (s: string) => (list.length === 3 ? (more = true) : list.push(s));
  for (const ss of subsets) {
    const addresses = arr(ss?.addresses);
    const ports = arr(ss?.ports);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) push(String(a?.ip));
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) push(String(a?.ip).includes(':') ? `[${a.ip}]:${p?.port}` : `${a?.ip}:${p?.port}`);
    }
  }
  if (list.length === 0) return '<none>';
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function nodeStatus(o: KubeObject): string {
  const ready = arr(o.status?.conditions).find((c) => c?.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (o.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(o: KubeObject, type: string): string {
  return arr(o.status?.addresses).find((a) => a?.type === type)?.address ?? '<none>';
}

function eventLastSeen(o: KubeObject, now: Date): string {
  const last = o.lastTimestamp ?? o.series?.lastObservedTime ?? o.eventTime;
  const count = Number(o.count ?? o.series?.count ?? 1);
  const lastSeen = since(last, now);
  if (count > 1 && o.firstTimestamp) return `${lastSeen} (x${count} over ${since(o.firstTimestamp, now)})`;
  return lastSeen;
}
