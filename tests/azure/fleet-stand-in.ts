// An HTTPS stand-in for ARM and Azure Resource Graph holding a whole fleet: thousands of Arc and AKS clusters over
// several subscriptions, their extensions, Flux v2 and v1 configurations (half of them with Resource Graph's
// PascalCase property names), provider registration and the AKS-ExtensionManager feature per subscription, one
// subscription the principal cannot read, $skipToken paging and a 429 on demand. `expected()` says what each
// AZ check must conclude for each cluster, from the same scenario the rows were built from.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './arm-stand-in.js';

export interface FleetScenario {
  /** Readable subscriptions and how many clusters each holds. */
  subscriptions: Array<{ id: string; clusters: number; kubernetesConfiguration?: string; extensionManager?: string }>;
  /** Listed by GET /subscriptions but refused (403) by ARM; Resource Graph returns none of its rows. */
  forbidden?: string[];
  /** Answer this Resource Graph request (1-based) with 429 Retry-After: 1 once. */
  throttleGraphRequest?: number;
  /** Every query of this table throttled with Retry-After 120 s (longer than arcdoctor waits). */
  throttleTable?: string;
}

export interface FleetStandIn {
  endpoint: string;
  ca: string;
  requests: Array<{ method: string; path: string; table?: string; status?: number }>;
  close(): Promise<void>;
}

type Status = 'pass' | 'fail' | 'skip' | 'warn' | 'error';
export type Expected = Record<'AZ001' | 'AZ002' | 'AZ003' | 'AZ004' | 'AZ005', Status>;

const PAGE = 1000;
const STATUS_NOT_POPULATED = 'Status not populated. Operation failed on the cluster.';

export function clusterId(sub: string, i: number): string {
  const managed = isManaged(i);
  const rp = managed ? 'Microsoft.ContainerService/managedClusters' : 'Microsoft.Kubernetes/connectedClusters';
  return `/subscriptions/${sub}/resourceGroups/rg-${i % 3}/providers/${rp}/${managed ? 'aks' : 'arc'}-${String(i).padStart(5, '0')}`;
}

const isManaged = (i: number) => i % 4 === 3;
const pascal = (i: number) => i % 2 === 1;
const noExtensions = (i: number) => i % 13 === 0;
const extensionFailed = (i: number) => i % 10 === 1 && !noExtensions(i);
const statusError = (i: number) => i % 10 === 2 && !noExtensions(i);
const nonCompliant = (i: number) => i % 7 === 0;
const fluxV1 = (i: number) => i % 50 === 5;

/** What each AZ check must say about cluster i of a subscription. */
export function expected(sub: FleetScenario['subscriptions'][number], i: number): Expected {
  const registered = (sub.kubernetesConfiguration ?? 'Registered') === 'Registered';
  const feature = sub.extensionManager ?? 'Registered';
  return {
    AZ001: registered ? 'pass' : 'fail',
    AZ002: !isManaged(i) ? 'skip' : feature === 'Registered' ? 'pass' : 'fail',
    AZ003: extensionFailed(i) || statusError(i) ? 'fail' : 'pass',
    AZ004: nonCompliant(i) ? 'fail' : 'pass',
    AZ005: fluxV1(i) ? 'fail' : 'pass',
  };
}

/** Property names as Resource Graph spells them (PascalCase) or as ARM does (camelCase). */
function cased(i: number, props: Record<string, unknown>): Record<string, unknown> {
  if (!pascal(i)) return props;
  const up = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(up) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k[0].toUpperCase() + k.slice(1), up(x)])) : v;
  return up(props) as Record<string, unknown>;
}

function row(id: string, sub: string, i: number, props: Record<string, unknown>) {
  const type = id.replace(/^.*\/providers\/([^/]+)\/([^/]+)\/[^/]+$/, '$1/$2').toLowerCase();
  return { id, name: id.split('/').pop(), type, subscriptionId: sub, resourceGroup: `rg-${i % 3}`, location: 'westeurope', properties: cased(i, props) };
}

function clusterRows(sub: string, n: number) {
  return Array.from({ length: n }, (_, i) =>
    row(clusterId(sub, i), sub, i, isManaged(i) ? { provisioningState: 'Succeeded', kubernetesVersion: '1.29.4', powerState: { code: 'Running' } } : { provisioningState: 'Succeeded', connectivityStatus: 'Connected', distribution: 'k3s', agentVersion: '1.18.3' }),
  );
}

function configurationRows(sub: string, n: number) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const base = `${clusterId(sub, i)}/providers/Microsoft.KubernetesConfiguration`;
    if (!noExtensions(i)) {
      rows.push(
        row(`${base}/extensions/flux`, sub, i, {
          extensionType: 'microsoft.flux',
          provisioningState: extensionFailed(i) ? 'Failed' : 'Succeeded',
          currentVersion: '1.11.1',
          statuses: [],
          errorInfo: extensionFailed(i) ? { code: 'ResourceOperationFailure', message: "The resource operation completed with terminal provisioning state 'Failed'.", details: [{ code: 'ExtensionCreationFailed', message: STATUS_NOT_POPULATED }] } : null,
          scope: { cluster: { releaseNamespace: 'flux-system' } },
        }),
        row(`${base}/extensions/azuremonitor-containers`, sub, i, {
          extensionType: 'microsoft.azuremonitor.containers',
          provisioningState: 'Succeeded',
          statuses: statusError(i) ? [{ code: 'ExtensionOperationFailed', level: 'Error', displayStatus: null, message: STATUS_NOT_POPULATED }] : [],
        }),
      );
    }
    rows.push(
      row(`${base}/fluxConfigurations/cluster-config`, sub, i, {
        scope: 'cluster',
        namespace: 'cluster-config',
        sourceKind: 'GitRepository',
        complianceState: nonCompliant(i) ? 'Non-Compliant' : 'Compliant',
        provisioningState: 'Succeeded',
        statuses: nonCompliant(i)
          ? [{ name: 'cluster-config-infra', namespace: 'cluster-config', kind: 'Kustomization', complianceState: 'Non-Compliant', statusConditions: [{ status: 'False', type: 'Ready', reason: 'BuildFailed', message: 'kustomization path not found: stat /tmp/kustomization-1/infra: no such file or directory' }] }]
          : [{ name: 'cluster-config', namespace: 'cluster-config', kind: 'GitRepository', complianceState: 'Compliant', statusConditions: [{ status: 'True', type: 'Ready', message: 'stored artifact for revision main@sha1:0ba6f0d3' }] }],
      }),
    );
    if (fluxV1(i)) {
      rows.push(row(`${base}/sourceControlConfigurations/legacy`, sub, i, { repositoryUrl: 'git@github.com:example/flux-get-started', operatorType: 'Flux', operatorScope: 'cluster', operatorParams: '--git-readonly --git-branch=main', complianceStatus: { complianceState: 'Installed' } }));
    }
  }
  return rows;
}

export async function startFleet(scenario: FleetScenario): Promise<FleetStandIn> {
  const tls = selfSignedCertificate();
  const clusters = scenario.subscriptions.flatMap((s) => clusterRows(s.id, s.clusters));
  const configs = scenario.subscriptions.flatMap((s) => configurationRows(s.id, s.clusters));
  const forbidden = new Set((scenario.forbidden ?? []).map((s) => s.toLowerCase()));
  const requests: FleetStandIn['requests'] = [];
  let graphRequests = 0;
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && /\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(path)) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const table = String(body.query).split('\n')[0].trim();
        requests.push({ method: 'POST', path, table });
        graphRequests++;
        if (table === scenario.throttleTable) {
          requests[requests.length - 1].status = 429;
          return send(429, { error: { code: 'RateLimiting', message: 'Rate limit exceeded.' } }, { 'retry-after': '120' });
        }
        if (graphRequests === scenario.throttleGraphRequest) {
          requests[requests.length - 1].status = 429;
          return send(429, { error: { code: 'RateLimiting', message: 'Please provide below info when asking for support: timestamp = ..., correlationId = ....' } }, { 'retry-after': '1', 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:01' });
        }
        return send(200, graphPage(table === 'Resources' ? clusters : configs, body, forbidden), { 'x-ms-user-quota-remaining': '14', 'x-ms-user-quota-resets-after': '00:00:05' });
      }
      requests.push({ method: req.method ?? 'GET', path });
      const reply = armReply(path, scenario, forbidden);
      send(reply.status, reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `https://127.0.0.1:${port}`, ca: tls.cert, requests, close: () => new Promise((r) => server.close(() => r())) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function graphPage(rows: Array<Record<string, any>>, body: any, forbidden: Set<string>) {
  const subs = new Set((body.subscriptions as string[]).map((s) => s.toLowerCase()).filter((s) => !forbidden.has(s)));
  const groups = /resourceGroup in~ \(([^)]*)\)/.exec(body.query)?.[1].split(',').map((g: string) => g.trim().replace(/^'|'$/g, '').toLowerCase());
  const idPart = /id contains '([^']*)'/.exec(body.query)?.[1];
  const types = /type in~ \(([^)]*)\)/.exec(body.query)?.[1].split(',').map((t: string) => t.trim().replace(/^'|'$/g, ''));
  const matching = rows.filter(
    (r) => subs.has(r.subscriptionId.toLowerCase()) && (!groups || groups.includes(r.resourceGroup.toLowerCase())) && (!idPart || r.id.toLowerCase().includes(idPart)) && (!types || types.includes(r.type)),
  );
  const top = Math.min(Number(body.options?.$top ?? PAGE), PAGE);
  const offset = body.options?.$skipToken ? Number(Buffer.from(body.options.$skipToken, 'base64').toString('utf8')) : 0;
  const data = matching.slice(offset, offset + top);
  const next = offset + top < matching.length ? Buffer.from(String(offset + top)).toString('base64') : undefined;
  return { totalRecords: matching.length, count: data.length, resultTruncated: 'false', data, ...(next ? { $skipToken: next } : {}) };
}

function armReply(path: string, scenario: FleetScenario, forbidden: Set<string>): { status: number; body: unknown } {
  if (path === '/subscriptions') {
    const all = [...scenario.subscriptions.map((s) => s.id), ...(scenario.forbidden ?? [])];
    return { status: 200, body: { value: all.map((id) => ({ id: `/subscriptions/${id}`, subscriptionId: id, displayName: `Team ${id}`, state: 'Enabled' })) } };
  }
  const m = /^\/subscriptions\/([^/]+)\/providers\/(.+)$/.exec(path);
  if (!m) return { status: 404, body: { error: { code: 'ResourceNotFound', message: `The resource '${path}' was not found.` } } };
  const [, subId, rest] = m;
  if (forbidden.has(subId.toLowerCase())) {
    return { status: 403, body: { error: { code: 'AuthorizationFailed', message: `The client 'fleet-reader' with object id '00000000-0000-0000-0000-000000000001' does not have authorization to perform action 'Microsoft.Resources/subscriptions/providers/read' over scope '/subscriptions/${subId}' or the scope is invalid.` } } };
  }
  const sub = scenario.subscriptions.find((s) => s.id === subId);
  if (!sub) return { status: 404, body: { error: { code: 'SubscriptionNotFound', message: `The subscription '${subId}' could not be found.` } } };
  if (/^Microsoft\.Features\/providers\/Microsoft\.ContainerService\/features\/AKS-ExtensionManager$/i.test(rest)) {
    const state = sub.extensionManager ?? 'Registered';
    return { status: 200, body: { id: `/subscriptions/${subId}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager`, name: 'Microsoft.ContainerService/AKS-ExtensionManager', type: 'Microsoft.Features/providers/features', properties: { state } } };
  }
  if (!rest.includes('/')) {
    const state = rest === 'Microsoft.KubernetesConfiguration' ? sub.kubernetesConfiguration ?? 'Registered' : 'Registered';
    return { status: 200, body: { id: `/subscriptions/${subId}/providers/${rest}`, namespace: rest, registrationState: state, registrationPolicy: 'RegistrationRequired', resourceTypes: [] } };
  }
  return { status: 404, body: { error: { code: 'ResourceNotFound', message: `The resource '${path}' was not found.` } } };
}
