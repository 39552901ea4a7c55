import { afterEach, describe, expect, it } from 'vitest';
import { readCluster } from '../../src/sources/live.js';
import { UnreachableError } from '../../src/errors.js';
import { R } from '../../src/snapshot/resources.js';
import { cluster, fakeCheck } from './fixtures.js';
import { kubeconfigText, startFakeApi, type FakeApi } from './helpers/fake-api.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const checks = [
  fakeCheck('A', [{ type: R.Pod }, { type: R.Deployment, namespace: 'arc-osm-system' }, { type: R.Namespace }]),
  fakeCheck('B', [{ type: R.Secret, namespace: 'arc-osm-system' }, { type: R.MeshConfig, namespace: 'arc-osm-system' }]),
];
const read = (extra: Partial<Parameters<typeof readCluster>[0]> = {}) =>
  readCluster({ kubeconfig: api!.kubeconfig(), checks, concurrency: 8, timeoutMs: 10_000, retry: FAST_RETRY, ...extra });
const lists = (a: FakeApi) => a.requests.filter((r) => r.query.limit !== undefined);

describe('readCluster', () => {
  it('builds a snapshot with apiVersion and kind on every item and no managedFields', async () => {
    api = await startFakeApi({ objects: cluster(10, 2) });
    const snap = await read();
    const ctrl = snap.get(R.Deployment, 'arc-osm-system', 'osm-controller');
    expect(ctrl?.apiVersion).toBe('apps/v1');
    expect(snap.list(R.Pod)).toHaveLength(12);
    expect(snap.list(R.Pod).every((p) => p.kind === 'Pod' && p.metadata.managedFields === undefined)).toBe(true);
    expect(snap.info).toMatchObject({ context: 'fake', serverVersion: 'v1.28.3' });
  });

  it('makes one paginated list per type, whatever the namespace count', async () => {
    api = await startFakeApi({ objects: cluster(1200, 40) });
    await read();
    const paths = lists(api).map((r) => r.path);
    expect(paths.filter((p) => p === '/api/v1/pods')).toHaveLength(3); // 1202 pods, pages of 500
    expect(new Set(paths)).toEqual(new Set(['/api/v1/pods', '/apis/apps/v1/namespaces/arc-osm-system/deployments', '/api/v1/namespaces', '/api/v1/namespaces/arc-osm-system/secrets']));
    expect(lists(api).every((r) => r.query.limit === '500')).toBe(true);
  });

  it('reads Secrets as metadata only and never sees their data', async () => {
    api = await startFakeApi({ objects: cluster() });
    const snap = await read();
    const secretReq = api.requests.find((r) => r.path.endsWith('/secrets'))!;
    expect(secretReq.accept).toContain('as=PartialObjectMetadataList');
    const s = snap.get(R.Secret, 'arc-osm-system', 'osm-ca-bundle');
    expect(s).toBeDefined();
    expect(s!.data).toBeUndefined();
  });

  it('does not list Secrets when no check declares them', async () => {
    api = await startFakeApi({ objects: cluster() });
    await read({ checks: [checks[0]] });
    expect(api.requests.some((r) => r.path.includes('secrets'))).toBe(false);
  });

  it('treats a CRD the cluster does not serve as empty, without a request', async () => {
    api = await startFakeApi({ objects: cluster() });
    const snap = await read();
    expect(snap.list(R.MeshConfig)).toEqual([]);
    expect(snap.readFailures).toEqual([]);
    expect(api.requests.some((r) => r.path.includes('meshconfigs'))).toBe(false);
  });

  it('records a 403 as a forbidden read and reads the rest', async () => {
    api = await startFakeApi({ objects: cluster(), deny: ['pods'] });
    const snap = await read();
    expect(snap.readFailures).toEqual([expect.objectContaining({ reason: 'forbidden', type: expect.objectContaining({ kind: 'Pod', plural: 'pods' }) })]);
    expect(snap.readFailures[0].message).toContain('cannot list resource "pods"');
    expect(snap.list(R.Deployment)).toHaveLength(2);
  });

  it('retries 503 answers and then succeeds', async () => {
    api = await startFakeApi({ objects: cluster(), failFirst: 2 });
    const snap = await read();
    expect(snap.readFailures).toEqual([]);
    expect(snap.list(R.Pod)).toHaveLength(12);
  });

  it('gives up after the bounded retries; nothing read at all is unreachable, not an empty cluster', async () => {
    api = await startFakeApi({ objects: cluster(), failFirst: 100 });
    const err = await read({ concurrency: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.message).toMatch(/^context fake \(http:\/\/127\.0\.0\.1:\d+\): could not read anything from the API server \(/);
    expect(api.requests.filter((r) => r.status === 503).length).toBeLessThanOrEqual(4 * 3);
  });

  it('fails with UnreachableError naming the context and server when nothing listens', async () => {
    api = await startFakeApi({ objects: [] });
    const kc = api.kubeconfig();
    const url = api.url;
    await api.close();
    api = undefined;
    const err = await readCluster({ kubeconfig: kc, checks, concurrency: 8, timeoutMs: 5000, retry: FAST_RETRY }).catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.message).toContain('context fake');
    expect(err.message).toContain(url);
  });

  it('fails with UnreachableError when the credentials are rejected', async () => {
    api = await startFakeApi({ objects: [], status: 401 });
    const err = await read().catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.message).toContain('credentials rejected');
  });

  it('turns reads still pending at --timeout into unavailable reads (all of them: unreachable)', async () => {
    api = await startFakeApi({ objects: cluster(), latencyMs: 150 });
    const err = await read({ timeoutMs: 250 }).catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.message).toMatch(/could not read anything from the API server \((the run timed out \(--timeout\)|no answer within \d+s)\)$/);
  });

  it('reads only the asked containers, tail-limited, previous only after a restart', async () => {
    api = await startFakeApi({
      objects: cluster(),
      logs: {
        'arc-osm-system/osm-controller-5d8f9c7b6-abcde/osm-controller': 'a\nb\nc',
        'arc-osm-system/osm-controller-5d8f9c7b6-abcde/osm-controller/previous': 'panic',
        'arc-osm-system/osm-injector-7c9b8d-fghij/osm-injector': 'ok',
      },
    });
    const logs = [
      { namespace: 'arc-osm-system', selector: 'app=osm-controller', container: 'osm-controller', tailLines: 2, decisive: false },
      { namespace: 'arc-osm-system', selector: 'app=osm-injector', container: 'osm-injector', decisive: false },
    ];
    const snap = await read({ checks: [fakeCheck('L', [], { logs })] });
    expect(snap.logs('arc-osm-system', 'osm-controller-5d8f9c7b6-abcde', 'osm-controller', true)).toBe('panic');
    expect(snap.logs('arc-osm-system', 'osm-injector-7c9b8d-fghij', 'osm-injector')).toBe('ok');
    const logReqs = api.requests.filter((r) => r.path.endsWith('/log'));
    expect(logReqs).toHaveLength(3); // controller current+previous, injector current; never the sidecar
    expect(logReqs.find((r) => r.query.container === 'osm-controller')?.query.tailLines).toBe('2');
  });

  it('discovers Gatekeeper constraint kinds and lists each', async () => {
    const constraint = { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sAzureV2ContainerLimits', metadata: { name: 'limits' }, spec: {} };
    api = await startFakeApi({ objects: [...cluster(), constraint] });
    const snap = await read({ checks: [fakeCheck('G', [], { readsGroups: ['constraints.gatekeeper.sh'] })] });
    expect(snap.listGroup('constraints.gatekeeper.sh').map((o) => o.metadata.name)).toEqual(['limits']);
  });

  it('says which contexts exist when --context names an unknown one', async () => {
    api = await startFakeApi({ objects: [] });
    await expect(read({ context: 'nope' })).rejects.toThrow(/--context nope: no such context.*known: fake/);
  });

  it('uses $KUBECONFIG when no --kubeconfig is given', async () => {
    api = await startFakeApi({ objects: cluster() });
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    writeFileSync(join(dir, 'a'), kubeconfigText(api.url, ['from-env']));
    const before = process.env.KUBECONFIG;
    process.env.KUBECONFIG = `${join(dir, 'missing')}:${join(dir, 'a')}`;
    try {
      const snap = await readCluster({ checks, concurrency: 2, timeoutMs: 5000 });
      expect(snap.info.context).toBe('from-env');
    } finally {
      if (before === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = before;
    }
  });
});
