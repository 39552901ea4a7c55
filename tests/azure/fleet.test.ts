import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { CHECKS } from '../../src/checks/registry.js';
import { evaluateFleet, type FleetReport } from '../../src/fleet/evaluate.js';
import { readFleet } from '../../src/fleet/source.js';
import { formatFleet } from '../../src/fleet/render.js';
import { clusterId, expected, startFleet, type FleetScenario, type FleetStandIn } from './fleet-stand-in.js';

const credential: TokenCredential = { getToken: async () => ({ token: 'fleet-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
const AZ = CHECKS.filter((c) => c.area === 'azure');
const NOW = new Date('2026-12-03T12:00:00Z');

const scenario: FleetScenario = {
  subscriptions: [
    { id: '11111111-aaaa-4000-8000-000000000001', clusters: 400 },
    { id: '22222222-bbbb-4000-8000-000000000002', clusters: 400, kubernetesConfiguration: 'NotRegistered' },
    { id: '33333333-cccc-4000-8000-000000000003', clusters: 400, extensionManager: 'NotRegistered' },
  ],
  forbidden: ['44444444-dddd-4000-8000-000000000004'],
  throttleGraphRequest: 2,
};

describe('fleet: 1,200 clusters in 3 readable subscriptions and one refused, through Resource Graph', () => {
  let arm: FleetStandIn;
  let doc: FleetReport;
  const progress: string[] = [];

  beforeAll(async () => {
    arm = await startFleet(scenario);
    const read = await readFleet({ subscriptions: [], resourceGroups: [], endpoint: arm.endpoint, credential, ca: arm.ca, progress: (l) => progress.push(l) });
    doc = evaluateFleet(read, { checks: AZ, selected: new Set(AZ.map((c) => c.id)), suppressions: [], failOn: 'fail', now: NOW, version: 't' });
  }, 60_000);
  afterAll(() => arm?.close());

  it('gets every cluster right on AZ001–AZ005, PascalCase and camelCase rows alike', () => {
    const byId = new Map(doc.targets.map((t) => [t.target.name, t]));
    let checked = 0;
    for (const sub of scenario.subscriptions) {
      for (let i = 0; i < sub.clusters; i++) {
        const report = byId.get(clusterId(sub.id, i));
        expect(report, clusterId(sub.id, i)).toBeDefined();
        const got = Object.fromEntries(report!.results.map((r) => [r.id, r.status]));
        expect({ i, ...got }).toEqual({ i, ...expected(sub, i) });
        checked++;
      }
    }
    expect(checked).toBe(1200);
    expect(doc.targets).toHaveLength(1201);
  });

  it('spends at most 40 requests, one query per table per page, one 429 survived', () => {
    const graph = arm.requests.filter((r) => r.method === 'POST');
    // 1,200 cluster rows = 2 pages; the configuration rows = 4 pages; the throttled page asked again once.
    expect(graph.filter((r) => r.status === 429)).toHaveLength(1);
    expect(graph.filter((r) => r.status !== 429).map((r) => r.table).sort()).toEqual([...Array(Math.ceil(CONFIG_ROWS / 1000)).fill('KubernetesConfigurationResources'), 'Resources', 'Resources']);
    const arms = arm.requests.filter((r) => r.method === 'GET').map((r) => r.path).sort();
    // GET /subscriptions, then per subscription: KubernetesConfiguration + the cluster RPs present + the AKS feature.
    expect(arms).toHaveLength(1 + 3 * 4 + 1);
    expect(arm.requests.length).toBeLessThanOrEqual(40);
    expect(doc.fleet.resourceGraphPages).toEqual({ clusters: 2, configurations: Math.ceil(CONFIG_ROWS / 1000) });
  });

  it('names the refused subscription and never reports it as passing', () => {
    const refused = doc.fleet.subscriptions.find((s) => s.id.startsWith('4444'))!;
    expect(refused.readable).toBe(false);
    expect(refused.message).toContain('403 AuthorizationFailed');
    const target = doc.targets.find((t) => t.target.name === '/subscriptions/44444444-dddd-4000-8000-000000000004')!;
    expect(target.results.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(doc.fleet.subscriptions.filter((s) => s.readable).map((s) => s.clusters)).toEqual([400, 400, 400]);
  });

  it('summarises clusters by worst status and each check with its count of clusters; exits 1', () => {
    const count = (check: keyof ReturnType<typeof expected>, status: string) =>
      scenario.subscriptions.reduce((n, s) => n + Array.from({ length: s.clusters }, (_, i) => expected(s, i)[check]).filter((x) => x === status).length, 0);
    expect(doc.fleet.checks.map((c) => [c.id, c.fail, c.warn, c.error])).toEqual([
      ['AZ001', 400, 0, 1],
      ['AZ002', count('AZ002', 'fail'), 0, 1],
      ['AZ003', count('AZ003', 'fail'), 0, 1],
      ['AZ004', count('AZ004', 'fail'), 0, 1],
      ['AZ005', count('AZ005', 'fail'), 0, 1],
    ]);
    const healthy = scenario.subscriptions.reduce((n, s) => n + Array.from({ length: s.clusters }, (_, i) => expected(s, i)).filter((e) => !Object.values(e).includes('fail')).length, 0);
    expect(doc.fleet.byWorstStatus).toEqual({ fail: 1200 - healthy, warn: 0, error: 0, pass: healthy, skip: 0 });
    expect(doc.fleet.exitCode).toBe(1);
  });

  it('reports progress: pages read and subscriptions', () => {
    expect(progress).toContain('fleet: 4 subscription(s)');
    expect(progress).toContain('fleet: Resources page 2 (1200 clusters)');
  });

  it('text: one line per cluster with problems, healthy ones counted, the per-check tally', () => {
    const text = formatFleet(doc, 'text', { style: { color: false } });
    const lines = text.split('\n');
    const clusterLines = lines.filter((l) => /^[×‼?] \/subscriptions\/.*\/(arc|aks)-\d{5} /.test(l));
    expect(clusterLines).toHaveLength(doc.fleet.byWorstStatus.fail);
    const first = clusterId(scenario.subscriptions[0].id, 0);
    expect(lines).toContain(`× ${first}  AZ004 FAIL: Flux configuration cluster-config is Non-Compliant: Kustomization cluster-config-infra Non-Compliant: "kustomization path not found: stat /tmp/kustomization-1/infra: no such file or directory"`);
    expect(text).toContain('  AZ001 Resource providers registered: 400 fail, 0 warn, 1 error');
    expect(text).toContain(`1200 cluster(s): ${doc.fleet.byWorstStatus.pass} healthy, ${doc.fleet.byWorstStatus.fail} failing, 0 with warnings, 0 incomplete · exit code 1`);
    expect(text).toContain('? subscription 44444444-dddd-4000-8000-000000000004 (Team 44444444-dddd-4000-8000-000000000004) not readable: reading Microsoft.Resources/providers refused (403)');
  });

  it('json: the multi-target report with the fleet summary; markdown and html lead with the tally', () => {
    const json = JSON.parse(formatFleet(doc, 'json', { style: { color: false } }));
    expect(json.schemaVersion).toBe(1);
    expect(json.targets).toHaveLength(1201);
    expect(json.targets[0].target).toEqual({ kind: 'cluster', name: clusterId(scenario.subscriptions[0].id, 0) });
    expect(json.fleet.byWorstStatus).toEqual(doc.fleet.byWorstStatus);
    const md = formatFleet(doc, 'markdown', { style: { color: false } });
    expect(md.startsWith(`# arcdoctor fleet\n\n**1200 cluster(s)** in 4 subscription(s): ${doc.fleet.byWorstStatus.pass} healthy`)).toBe(true);
    expect(md).toContain('| **AZ001** | Resource providers registered | 400 | 0 | 1 |');
    const html = formatFleet(doc, 'html', { style: { color: false } });
    expect(html.indexOf('<section id="fleet">')).toBeLessThan(html.indexOf('<h2>', html.indexOf('</section>')));
    expect(html).toContain('<tr><td><b>AZ001</b> Resource providers registered</td><td class="fail">400</td><td class="warn">0</td><td class="error">1</td></tr>');
  });
  it('junit, sarif and prometheus: the multi-target report, every cluster in it', () => {
    const junit = formatFleet(doc, 'junit', { style: { color: false } });
    expect(junit.match(/<testsuite /g)).toHaveLength(1201);
    expect(JSON.parse(formatFleet(doc, 'sarif', { style: { color: false } })).runs).toHaveLength(1201);
    const prom = formatFleet(doc, 'prometheus', { style: { color: false } });
    const first = clusterId(scenario.subscriptions[0].id, 0);
    expect(prom).toContain(`arcdoctor_check_status{id="AZ004",area="azure",target="${first}",status="fail"} 1`);
  });
});

/** Configuration rows of the scenario: 2 extensions (none every 13th), 1 Flux config, a Flux v1 one every 50th. */
const CONFIG_ROWS = scenario.subscriptions.reduce((n, s) => {
  let rows = 0;
  for (let i = 0; i < s.clusters; i++) rows += (i % 13 === 0 ? 0 : 2) + 1 + (i % 50 === 5 ? 1 : 0);
  return n + rows;
}, 0);

describe('fleet: a configurations table that stays throttled', () => {
  it('ends AZ003–AZ005 of every cluster in error, never pass; AZ001/AZ002 still decided; exit 4', async () => {
    const arm = await startFleet({ subscriptions: [{ id: 'eeeeeeee-0000-4000-8000-00000000000e', clusters: 8 }], throttleTable: 'KubernetesConfigurationResources' });
    try {
      const read = await readFleet({ subscriptions: ['eeeeeeee-0000-4000-8000-00000000000e'], resourceGroups: [], endpoint: arm.endpoint, credential, ca: arm.ca });
      const doc = evaluateFleet(read, { checks: AZ, selected: new Set(AZ.map((c) => c.id)), suppressions: [], failOn: 'fail', now: NOW, version: 't' });
      expect(doc.targets).toHaveLength(8);
      for (const t of doc.targets) {
        const byId = Object.fromEntries(t.results.map((r) => [r.id, r]));
        expect([byId.AZ003.status, byId.AZ004.status, byId.AZ005.status]).toEqual(['error', 'error', 'error']);
        expect(byId.AZ003.message).toBe(
          'could not read Microsoft.KubernetesConfiguration/extensions from Azure: reading Microsoft.KubernetesConfiguration/extensions through Resource Graph failed: Resource Graph page 1 not read: 429 RateLimiting: Rate limit exceeded. (gave up after 1 attempt(s); Retry-After 120s)',
        );
        expect(byId.AZ001.status).toBe('pass');
      }
      expect(doc.fleet.byWorstStatus).toEqual({ fail: 0, warn: 0, error: 8, pass: 0, skip: 0 });
      expect(doc.fleet.exitCode).toBe(4);
      expect(doc.fleet.subscriptions[0].readable).toBe(true);
    } finally {
      await arm.close();
    }
  });
});

describe('fleet: a clusters table that stays throttled', () => {
  it('names the subscription as not read completely and reports it in error, never as an empty healthy fleet', async () => {
    const sub = 'ffffffff-0000-4000-8000-00000000000f';
    const arm = await startFleet({ subscriptions: [{ id: sub, clusters: 5 }], throttleTable: 'Resources' });
    try {
      const read = await readFleet({ subscriptions: [sub], resourceGroups: [], endpoint: arm.endpoint, credential, ca: arm.ca });
      const doc = evaluateFleet(read, { checks: AZ, selected: new Set(AZ.map((c) => c.id)), suppressions: [], failOn: 'fail', now: NOW, version: 't' });
      const why = 'Resource Graph page 1 not read: 429 RateLimiting: Rate limit exceeded. (gave up after 1 attempt(s); Retry-After 120s)';
      expect(doc.fleet.subscriptions).toEqual([{ id: sub, name: undefined, readable: false, incomplete: true, message: why, clusters: 0 }]);
      expect(doc.targets.map((t) => t.target.name)).toEqual([`/subscriptions/${sub}`]);
      expect(doc.targets[0].results[0].message).toBe(`not every cluster of subscription ${sub} was read, so some are unknown: ${why}`);
      expect(doc.targets[0].results.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error', 'error']);
      expect(doc.fleet.exitCode).toBe(4);
    } finally {
      await arm.close();
    }
  });
});

describe('fleet: the request count does not grow with the cluster count (up to a page of rows)', () => {
  it('10 clusters and 300 clusters cost the same 7 requests', async () => {
    const counts: number[] = [];
    for (const n of [10, 300]) {
      const arm = await startFleet({ subscriptions: [{ id: 'abababab-0000-4000-8000-0000000000ab', clusters: n }] });
      try {
        const read = await readFleet({ subscriptions: [], resourceGroups: [], endpoint: arm.endpoint, credential, ca: arm.ca });
        expect(read.clusters).toHaveLength(n);
        counts.push(arm.requests.length);
      } finally {
        await arm.close();
      }
    }
    // GET /subscriptions, 1 page per table, 3 providers + the AKS feature.
    expect(counts).toEqual([7, 7]);
  });
});
