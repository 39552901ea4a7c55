// The built CLI against `arcdoctor serve`: live results equal offline results, one list per type, faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { kubeconfigText } from './helpers/fake-api.js';

// Examples carrying azure/ files hold what ARM says, which no Kubernetes API serves: live parity is for the cluster side.
const examples = readdirSync('examples', { withFileTypes: true })
  .filter((d) => d.isDirectory() && !existsSync(join('examples', d.name, 'azure')))
  .map((d) => d.name)
  .sort();
const tmp = mkdtempSync(join(tmpdir(), 'arcdoctor-e2e-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/arcdoctor', ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function kubeconfigFor(servers: Record<string, string>): string {
  const names = Object.keys(servers);
  const file = join(tmp, `kc-${names.join('-')}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, kubeconfigText('', names, (c) => servers[c]));
  return file;
}

type Result = { id: string; area: string; status: string; message: string };
// K8S001 names the collection time; a live cluster's AZ checks say why Azure was not discovered, a snapshot's why it holds no azure/ files.
const comparable = (stdout: string) =>
  (JSON.parse(stdout).results as Result[]).map((r) => ({ id: r.id, status: r.status, message: r.id === 'K8S001' || r.area === 'azure' ? r.status : r.message }));

describe.each(examples)('live against serve: %s', (example) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ snapshot: join('examples', example) });
  });
  afterAll(() => server.close());

  it('gives the same results live as from the snapshot', async () => {
    const kc = kubeconfigFor({ [example]: server.url });
    const [live, offline] = await Promise.all([cli(['check', '--kubeconfig', kc, '--output', 'json']), cli(['check', '--snapshot', join('examples', example), '--output', 'json'])]);
    expect(live.stderr).toBe('');
    expect(comparable(live.stdout)).toEqual(comparable(offline.stdout));
    expect(live.code).toBe(offline.code);
  });

  it('lists each resource type at most once and never reads Secrets', () => {
    const lists = server.requests.filter((r) => r.method === 'GET' && /(^|&)limit=/.test(r.query) && !/continue=/.test(r.query));
    const paths = lists.map((r) => r.path);
    expect(paths.length).toBeGreaterThan(3);
    expect(new Set(paths).size).toBe(paths.length);
    expect(server.requests.some((r) => /\/secrets/.test(r.path))).toBe(false);
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
  });
});

describe('live faults and fleets', () => {
  let healthy: RunningServer;
  beforeAll(async () => {
    healthy = await startServer({ snapshot: 'examples/osm-healthy' });
  });
  afterAll(() => healthy.close());

  it('ends the checks that need a denied read in error and names it in K8S001 (exit 4)', async () => {
    const denied = await startServer({ snapshot: 'examples/osm-healthy', deny: ['pods'] });
    try {
      const run = await cli(['check', '--kubeconfig', kubeconfigFor({ denied: denied.url }), '--output', 'json']);
      const results = JSON.parse(run.stdout).results as Result[];
      expect(results.find((r) => r.id === 'K8S001')).toMatchObject({ status: 'warn', message: expect.stringContaining('refused') });
      const errored = results.filter((r) => r.status === 'error');
      expect(errored.length).toBeGreaterThan(0);
      expect(errored[0].message).toMatch(/list pods cluster-wide was forbidden/);
      expect(results.some((r) => r.status === 'pass' && r.id !== 'K8S001')).toBe(true);
      expect(run.code).toBe(4);
    } finally {
      await denied.close();
    }
  });

  it('retries through --fail-rate and still gives the healthy result', async () => {
    const flaky = await startServer({ snapshot: 'examples/osm-healthy', failRate: 0.3, seed: 3 });
    try {
      const [run, offline] = await Promise.all([cli(['check', '--kubeconfig', kubeconfigFor({ flaky: flaky.url }), '--output', 'json']), cli(['check', '--snapshot', 'examples/osm-healthy', '--output', 'json'])]);
      expect(flaky.requests.some((r) => r.status === 429 || r.status === 500)).toBe(true);
      expect(comparable(run.stdout)).toEqual(comparable(offline.stdout));
    } finally {
      await flaky.close();
    }
  });

  it('bounds the run with --timeout when the server is slow', async () => {
    // /version and /apis answer within the bound; none of the lists after them can.
    const slow = await startServer({ snapshot: 'examples/osm-healthy', latencyMs: 700 });
    try {
      const started = Date.now();
      const run = await cli(['check', '--kubeconfig', kubeconfigFor({ slow: slow.url }), '--timeout', '2', '--output', 'json']);
      expect(Date.now() - started).toBeLessThan(15_000);
      // Nothing could be read before the bound: that is an unread cluster, not an empty one (issue #10).
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^arcdoctor: context slow \(http:\/\/127\.0\.0\.1:\d+\): could not read anything from the API server \((the run timed out \(--timeout\)|no answer within \d+s)\)\n$/);
    } finally {
      await slow.close();
    }
  });

  it('collects a bundle that diagnoses the same offline as the live run', async () => {
    const broken = await startServer({ snapshot: 'examples/osm-controller-crashloop' });
    try {
      const kc = kubeconfigFor({ crash: broken.url });
      const bundle = join(tmp, 'crash.tar.gz');
      const collected = await cli(['collect', '--kubeconfig', kc, '--out', bundle]);
      expect(collected.code).toBe(0);
      expect(collected.stdout).toBe('');
      expect(collected.stderr).toMatch(/wrote .*crash\.tar\.gz[\s\S]*look through the bundle before sharing/);
      const [live, offline] = await Promise.all([cli(['check', '--kubeconfig', kc, '--output', 'json']), cli(['check', '--snapshot', bundle, '--output', 'json'])]);
      expect(comparable(offline.stdout)).toEqual(comparable(live.stdout));
      expect(broken.requests.some((r) => /\/secrets/.test(r.path))).toBe(false);
    } finally {
      await broken.close();
    }
  });

  it('exits 3 with one line naming the context and server when nothing listens', async () => {
    const run = await cli(['check', '--kubeconfig', kubeconfigFor({ gone: 'http://127.0.0.1:9' })]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/context gone \(http:\/\/127\.0\.0\.1:9\).*unreachable/);
  });

  it('checks two contexts in one invocation and keeps going past an unreachable one', async () => {
    const broken = await startServer({ snapshot: 'examples/osm-injector-down' });
    try {
      const kc = kubeconfigFor({ good: healthy.url, bad: broken.url, gone: 'http://127.0.0.1:9' });
      const json = await cli(['check', '--kubeconfig', kc, '--context', 'good', '--context', 'bad', '--output', 'json']);
      const doc = JSON.parse(json.stdout);
      expect(doc.targets.map((t: { target: { name: string } }) => t.target.name)).toEqual(['good', 'bad']);
      expect(json.code).toBe(1);
      const text = await cli(['check', '--kubeconfig', kc, '--all-contexts']);
      expect(text.stdout).toMatch(/TARGET\s+FAIL/);
      expect(text.stdout).toMatch(/^good\s/m);
      expect(text.stderr).toMatch(/unreachable: gone/);
      expect(text.code).toBe(3);
    } finally {
      await broken.close();
    }
  });
});
