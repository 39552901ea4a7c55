// The exporter's parts: flag values, the schedule, the metrics before and between runs, the endpoints, in-cluster config.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { parseDuration, parseListen } from '../../src/exporter/flags.js';
import { createExporterServer } from '../../src/exporter/http.js';
import { inClusterConfig, SERVICE_ACCOUNT_DIR } from '../../src/exporter/in-cluster.js';
import { runLogLine } from '../../src/exporter/log.js';
import { maxJitterMs, RunLoop } from '../../src/exporter/loop.js';
import { exporterMetrics, reportFamilies } from '../../src/exporter/metrics.js';
import { ExporterState, type RunRecord } from '../../src/exporter/state.js';
import { promtoolCheckMetrics } from '../helpers/tools.js';
import { sample } from './exporter-helpers.js';

const unreachable = (n: number): RunRecord => ({
  number: n,
  startedAt: new Date('2026-12-03T12:00:00Z'),
  durationMs: 3,
  reachedApi: false,
  readFailures: new Map([['/version', 1]]),
  error: 'context c (http://127.0.0.1:1): API server unreachable (ECONNREFUSED)',
});

describe('flags', () => {
  it.each([
    ['300ms', 300],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
  ])('reads the duration %s as %d ms', (text, ms) => expect(parseDuration('--interval', text)).toBe(ms));

  it.each(['5', '', '5 m', 'm', '0s', '-1s', '5d'])('rejects the duration %j with the flag named', (text) => {
    expect(() => parseDuration('--interval', text)).toThrow(UsageError);
    expect(() => parseDuration('--interval', text)).toThrow(`--interval ${text}:`);
  });

  it('reads HOST:PORT, [IPv6]:PORT and :PORT', () => {
    expect(parseListen('127.0.0.1:9090')).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen(':9090')).toEqual({ host: '0.0.0.0', port: 9090 });
  });

  it.each(['9090', 'localhost', 'host:99999', 'host:x', '::1:80'])('rejects the listen address %j', (text) => {
    expect(() => parseListen(text)).toThrow(`--listen ${text}: expected HOST:PORT`);
  });
});

describe('RunLoop', () => {
  it('runs at once, then every interval, never two runs at a time', async () => {
    let active = 0;
    let maxActive = 0;
    const starts: number[] = [];
    const t0 = Date.now();
    const loop = new RunLoop(async () => {
      starts.push(Date.now() - t0);
      maxActive = Math.max(maxActive, ++active);
      await new Promise((r) => setTimeout(r, 40)); // longer than the interval
      active--;
    }, { intervalMs: 10, jitter: () => 0 });
    loop.start();
    await new Promise((r) => setTimeout(r, 230));
    await loop.stop();
    expect(starts[0]).toBeLessThan(20);
    expect(maxActive).toBe(1);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(39);
  });

  it('adds the jitter to each wait and starts nothing after stop', async () => {
    const asked: number[] = [];
    let count = 0;
    const loop = new RunLoop(async () => void count++, { intervalMs: 50, jitter: (max) => (asked.push(max), 0) });
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(count).toBe(1);
    expect(asked).toEqual([5]);
    expect(maxJitterMs(3_600_000)).toBe(30_000);
  });

  it('survives a run that throws', async () => {
    let count = 0;
    const loop = new RunLoop(async () => {
      count++;
      throw new Error('boom');
    }, { intervalMs: 5, jitter: () => 0 });
    loop.start();
    await new Promise((r) => setTimeout(r, 60));
    await loop.stop();
    expect(count).toBeGreaterThanOrEqual(3);
  });
});

describe('exporterMetrics', () => {
  it('before the first run: arcdoctor_up 0, no check series, promtool clean', () => {
    const text = exporterMetrics(new ExporterState(), '1.2.3');
    expect(sample(text, 'arcdoctor_up')).toBe(0);
    expect(sample(text, 'arcdoctor_runs_total')).toBe(0);
    expect(sample(text, 'arcdoctor_build_info{version="1.2.3"}')).toBe(1);
    expect(text).not.toContain('arcdoctor_check_status{');
    expect(promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });

  it('an unreachable run says so in arcdoctor_up and the read-failure series', () => {
    const state = new ExporterState();
    state.record(unreachable(1));
    const text = exporterMetrics(state, '1.2.3');
    expect(sample(text, 'arcdoctor_up')).toBe(0);
    expect(sample(text, 'arcdoctor_read_failures{resource="/version"}')).toBe(1);
    expect(sample(text, 'arcdoctor_unreachable_runs_total')).toBe(1);
    expect(sample(text, 'arcdoctor_last_success_timestamp_seconds')).toBe(0);
    expect(sample(text, 'arcdoctor_last_run_timestamp_seconds')).toBe(1796299200.003);
  });

  it("drops the report formatter's families the exporter defines itself, so none is doubled", () => {
    const formatter = ['# HELP arcdoctor_up x', '# TYPE arcdoctor_up gauge', 'arcdoctor_up{target="t"} 1', '# HELP arcdoctor_check_status y', '# TYPE arcdoctor_check_status gauge', 'arcdoctor_check_status{id="A"} 1', '# HELP arcdoctor_run_duration_seconds z', '# TYPE arcdoctor_run_duration_seconds gauge', 'arcdoctor_run_duration_seconds{target="t"} 0.1', ''].join('\n');
    expect(reportFamilies(formatter)).toEqual(['# HELP arcdoctor_check_status y', '# TYPE arcdoctor_check_status gauge', 'arcdoctor_check_status{id="A"} 1']);
  });
});

describe('the endpoints', () => {
  async function serving(state: ExporterState): Promise<{ url: string; close: () => void }> {
    const server = createExporterServer(state, '1.2.3');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  }

  it('before the first run: healthy, not ready, no report yet', async () => {
    const s = await serving(new ExporterState());
    try {
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${s.url}/readyz`)).status).toBe(503);
      const report = await fetch(`${s.url}/report.json`);
      expect([report.status, await report.text()]).toEqual([503, 'no run has reached the API server yet\n']);
      expect((await fetch(`${s.url}/nope`)).status).toBe(404);
      expect((await fetch(`${s.url}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      s.close();
    }
  });

  it('ready after a run that did not reach the API, so arcdoctor_up 0 is scraped', async () => {
    const state = new ExporterState();
    state.record(unreachable(1));
    const s = await serving(state);
    try {
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    } finally {
      s.close();
    }
  });
});

describe('run log lines', () => {
  it('text: what was not reached and that the last results stay', () => {
    expect(runLogLine(unreachable(7), 'text')).toBe(
      '2026-12-03T12:00:00.003Z run 7: API server not reached, keeping the last results (context c (http://127.0.0.1:1): API server unreachable (ECONNREFUSED)) [0.00 s]\n',
    );
  });

  it('json: one object per line', () => {
    expect(JSON.parse(runLogLine(unreachable(7), 'json'))).toEqual({
      time: '2026-12-03T12:00:00.003Z',
      level: 'error',
      msg: 'run: API server not reached',
      run: 7,
      durationMs: 3,
      up: false,
      readFailures: { '/version': 1 },
      error: 'context c (http://127.0.0.1:1): API server unreachable (ECONNREFUSED)',
    });
  });
});

describe('--in-cluster', () => {
  it("uses the pod's service account through loadFromCluster", () => {
    const root = mkdtempSync(join(tmpdir(), 'arcdoctor-sa-'));
    mkdirSync(join(root, SERVICE_ACCOUNT_DIR), { recursive: true });
    writeFileSync(join(root, SERVICE_ACCOUNT_DIR, 'token'), 'tok');
    writeFileSync(join(root, SERVICE_ACCOUNT_DIR, 'namespace'), 'arcdoctor');
    const saved = { ...process.env };
    process.env.KUBERNETES_SERVICE_HOST = '10.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    try {
      const resolved = inClusterConfig(root);
      expect(resolved.server).toBe('https://10.0.0.1:443');
      expect(resolved.context).toBe('in-cluster');
      expect(resolved.kc.getCurrentUser()?.authProvider).toEqual({ name: 'tokenFile', config: { tokenFile: join(root, SERVICE_ACCOUNT_DIR, 'token') } });
    } finally {
      process.env = saved;
    }
  });

  it('outside a pod it is a usage error naming the missing variables', () => {
    const saved = { ...process.env };
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      expect(() => inClusterConfig()).toThrow('--in-cluster: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set');
    } finally {
      process.env = saved;
    }
  });
});
