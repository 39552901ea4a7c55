import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCollect } from '../../src/cli/collect-cmd.js';
import { redactEnv } from '../../src/sources/live/bundle.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import { readCluster } from '../../src/sources/live.js';
import { runChecks } from '../../src/engine/run.js';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { R } from '../../src/snapshot/resources.js';
import { cluster, deployment, pod } from '../live/fixtures.js';
import { startFakeApi, type FakeApi } from '../live/helpers/fake-api.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

const logs = { 'arc-osm-system/osm-controller-5d8f9c7b6-abcde/osm-controller': 'started\n' };
const collectTo = async (out: string, extra: { redactEnv?: boolean } = {}) => {
  return runCollect({ out, kubeconfig: api!.kubeconfig(), redactEnv: extra.redactEnv ?? true, quiet: true });
};

describe('collect', () => {
  it('writes one List file per type, snapshot.yaml, and no Secret at all', async () => {
    api = await startFakeApi({ objects: cluster(), logs });
    const out = join(mkdtempSync(join(tmpdir(), 'collect-')), 'bundle');
    expect(await collectTo(out)).toBe(0);
    const files = filesUnder(out);
    expect(files).toContain('apps/Deployment.json');
    expect(files).toContain('core/Pod.json');
    expect(files).toContain('snapshot.yaml');
    expect(files.some((f) => /secret/i.test(f))).toBe(false);
    expect(files.map((f) => readFileSync(join(out, f), 'utf8')).join('\n')).not.toMatch(/"kind": "Secret"|kind: Secret|c2VjcmV0/);
    expect(api.requests.some((r) => r.path.includes('secrets'))).toBe(false);
    expect(readFileSync(join(out, 'snapshot.yaml'), 'utf8')).toMatch(/context: fake[\s\S]*serverVersion: v1.28.3|serverVersion: v1.28.3[\s\S]*context: fake/);
  });

  it('writes each type as the JSON List kubectl get -o json prints', async () => {
    api = await startFakeApi({ objects: cluster(2, 1) });
    const out = join(mkdtempSync(join(tmpdir(), 'collect-')), 'bundle');
    await collectTo(out);
    const text = readFileSync(join(out, 'core/Pod.json'), 'utf8');
    expect(text.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "')).toBe(true);
    expect(text.endsWith('\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')).toBe(true);
    const list = JSON.parse(text);
    expect(Object.keys(list)).toEqual(['apiVersion', 'items', 'kind', 'metadata']);
    expect(list.items.map((p: { kind: string; metadata: { name: string } }) => p.kind)).toEqual(list.items.map(() => 'Pod'));
    expect(text).toBe(JSON.stringify(list, null, 4) + '\n');
  });

  it('replaces every container env value by <redacted>', async () => {
    api = await startFakeApi({ objects: cluster() });
    const out = join(mkdtempSync(join(tmpdir(), 'collect-')), 'bundle');
    await collectTo(out);
    const text = filesUnder(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/"value": "p"/);
    expect(text).toContain('<redacted>');
  });

  it('keeps env values with --no-redact-env', async () => {
    api = await startFakeApi({ objects: cluster() });
    const out = join(mkdtempSync(join(tmpdir(), 'collect-')), 'bundle');
    await collectTo(out, { redactEnv: false });
    expect(readFileSync(join(out, 'apps/Deployment.json'), 'utf8')).toContain('hunter2');
  });

  it('writes a .tar.gz that check --snapshot reads back to the same objects', async () => {
    api = await startFakeApi({ objects: cluster(20, 3), logs });
    const out = join(mkdtempSync(join(tmpdir(), 'collect-')), 'bundle.tar.gz');
    await collectTo(out);
    expect(existsSync(out)).toBe(true);
    const live = await readCluster({ kubeconfig: api.kubeconfig(), checks: CHECKS, concurrency: 4, timeoutMs: 10_000, secrets: false });
    const offline = loadSnapshot(out);
    expect(offline.list(R.Pod).length).toBe(live.list(R.Pod).length);
    expect(offline.info.context).toBe('fake');
    const opts = { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(CHECKS.map((c) => c.id)), suppressions: [], failOn: 'fail' as const, now: new Date('2024-05-01T00:00:00Z'), version: 'test' };
    const strip = (r: ReturnType<typeof runChecks>) => r.results.map((x) => ({ id: x.id, status: x.status, message: x.id === 'K8S001' ? '' : x.message }));
    expect(strip(runChecks(offline, { ...opts, target: { kind: 'snapshot', name: out } }))).toEqual(strip(runChecks(live, { ...opts, target: { kind: 'cluster', name: 'fake' } })));
  });

  it('refuses to write into a folder that already holds files', async () => {
    api = await startFakeApi({ objects: cluster() });
    const out = mkdtempSync(join(tmpdir(), 'collect-'));
    await collectTo(join(out, 'b'));
    await expect(collectTo(join(out, 'b'))).rejects.toThrow(/exists and is not empty/);
  });
});

describe('redactEnv', () => {
  it('redacts values in pods and pod templates but keeps valueFrom references', () => {
    const p = pod('a', 'b', {}, [{ name: 'c', env: { A: '1' } }]);
    p.spec.containers[0].env.push({ name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } });
    const r = redactEnv(p);
    expect(r.count).toBe(1);
    expect(r.obj.spec.containers[0].env).toEqual([{ name: 'A', value: '<redacted>' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]);
    expect(p.spec.containers[0].env[0].value).toBe('1');
    expect(redactEnv(deployment('a', 'd')).obj.spec.template.spec.containers[0].env[0].value).toBe('<redacted>');
  });

  it('keeps the env values checks compare against (the injector\'s Envoy image)', () => {
    const injector = deployment('arc-osm-system', 'osm-injector');
    injector.spec.template.spec.containers[0].env.push({ name: 'OSM_DEFAULT_ENVOY_IMAGE', value: 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7' });
    const env = redactEnv(injector).obj.spec.template.spec.containers[0].env;
    expect(env.map((e: { value: string }) => e.value)).toEqual(['<redacted>', 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7']);
  });
});
