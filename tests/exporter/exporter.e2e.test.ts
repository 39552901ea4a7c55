// `arcdoctor exporter` against `arcdoctor serve` with the real kubectl: all checks exported, a change seen within two
// runs, the API going away and coming back, JSON log lines, SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CHECKS } from '../../src/checks/registry.js';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { promtoolCheckMetrics, requireTool } from '../helpers/tools.js';
import { get, kubeconfigFile, metricsUntil, sample, startExporter, type ExporterProcess } from './exporter-helpers.js';

const SNAPSHOT = 'examples/healthy-all-extensions';
const run = promisify(execFile);
const OSM005_FAIL = 'arcdoctor_check_status{id="OSM005",area="osm",target="arc-prod-01",status="fail"}';
const OSM005_PASS = 'arcdoctor_check_status{id="OSM005",area="osm",target="arc-prod-01",status="pass"}';
const runs = (m: string) => sample(m, 'arcdoctor_runs_total') ?? 0;

describe('arcdoctor exporter against serve', () => {
  let server: RunningServer;
  let exporter: ExporterProcess;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await startServer({ snapshot: SNAPSHOT });
    kubeconfig = kubeconfigFile(server.kubeconfig);
    exporter = await startExporter(['--kubeconfig', kubeconfig, '--interval', '300ms', '--log-format', 'json']);
  });
  afterAll(async () => {
    exporter?.child.kill('SIGKILL');
    await server?.close();
  });

  it('is ready and healthy once its first run has ended', async () => {
    await metricsUntil(exporter.url, (m) => runs(m) >= 1);
    expect((await get(`${exporter.url}/readyz`)).status).toBe(200);
    expect((await get(`${exporter.url}/healthz`)).body).toBe('ok\n');
  });

  it('exports every check of the catalog, 1 for its status, in a format promtool accepts', async () => {
    const res = await get(`${exporter.url}/metrics`);
    expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const ids = new Set([...res.body.matchAll(/^arcdoctor_check_status\{id="([^"]+)"/gm)].map((m) => m[1]));
    expect(ids.size).toBe(32);
    expect([...ids].sort()).toEqual(CHECKS.map((c) => c.id).sort());
    expect(sample(res.body, OSM005_PASS)).toBe(1);
    expect(sample(res.body, 'arcdoctor_up')).toBe(1);
    expect(sample(res.body, 'arcdoctor_build_info{version="0.1.0"}')).toBe(1);
    expect(res.body).not.toMatch(/^arcdoctor_read_failures\{/m);
    expect(promtoolCheckMetrics(res.body)).toEqual({ code: 0, output: '' });
  });

  it('serves the last report as check --output json prints it', async () => {
    const res = await get(`${exporter.url}/report.json`);
    expect(res.status).toBe(200);
    const report = JSON.parse(res.body);
    expect(report.schemaVersion).toBe(1);
    expect(report.target).toEqual({ kind: 'cluster', name: 'arc-prod-01' });
    expect(report.results).toHaveLength(32);
    expect(report.summary.fail).toBe(0);
  });

  it('sees `kubectl scale --replicas=0` of osm-injector as OSM005 fail within two runs', async () => {
    await run(requireTool('kubectl'), ['--kubeconfig', kubeconfig, 'scale', 'deployment', 'osm-injector', '-n', 'arc-osm-system', '--replicas=0']);
    // The run in flight may have read before the scale; the one after it cannot have.
    const after = runs((await get(`${exporter.url}/metrics`)).body);
    const m = await metricsUntil(exporter.url, (x) => sample(x, OSM005_FAIL) === 1 || runs(x) > after + 2);
    expect(sample(m, OSM005_FAIL)).toBe(1);
    expect(sample(m, OSM005_PASS)).toBe(0);
    expect(runs(m)).toBeLessThanOrEqual(after + 2);
  });

  it('keeps the last results with arcdoctor_up 0 while serve is stopped, and arcdoctor_up 1 once it is back', async () => {
    const port = server.port;
    await server.close();
    const down = await metricsUntil(exporter.url, (m) => sample(m, 'arcdoctor_up') === 0);
    expect(sample(down, 'arcdoctor_read_failures{resource="/version"}')).toBe(1);
    expect(sample(down, OSM005_FAIL)).toBe(1);
    expect(sample(down, 'arcdoctor_unreachable_runs_total')).toBeGreaterThanOrEqual(1);
    expect(promtoolCheckMetrics(down)).toEqual({ code: 0, output: '' });
    expect((await get(`${exporter.url}/report.json`)).status).toBe(200);

    server = await startServer({ snapshot: SNAPSHOT, port });
    const up = await metricsUntil(exporter.url, (m) => sample(m, 'arcdoctor_up') === 1);
    // A restarted serve is the snapshot again: the injector is back.
    expect(sample(up, OSM005_PASS)).toBe(1);
    expect(up).not.toMatch(/^arcdoctor_read_failures\{/m);
  });

  it('logs one JSON line per run on stderr', () => {
    const lines = exporter.stderr().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ level: 'info', msg: expect.stringMatching(/^listening on http:\/\/127\.0\.0\.1:\d+ \(every 300ms, 32 checks\)$/) });
    const runLines = lines.filter((l) => typeof l.run === 'number');
    expect(runLines.map((l) => l.run)).toEqual(runLines.map((_, i) => i + 1));
    expect(runLines.some((l) => l.up === false && l.level === 'error' && /ECONNREFUSED/.test(l.error))).toBe(true);
    expect(runLines[0]).toMatchObject({ up: true, summary: { fail: 0, error: 0 }, exitCode: 0 });
  });

  it('exits 0 within a second of SIGTERM', async () => {
    const t0 = Date.now();
    exporter.child.kill('SIGTERM');
    expect(await exporter.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
