import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { c as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { R } from '../../src/snapshot/resources.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import { snapshotFolder } from '../helpers/snapshot-folder.js';

const folder = (files: Record<string, string | Buffer>) => snapshotFolder(files, 'arcdoctor-snap-');

function loadError(path: string): string {
  try {
    loadSnapshot(path);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

const deploymentList = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: osm-controller, namespace: arc-osm-system, labels: {app: osm-controller}}
  spec: {replicas: 1}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: osm-injector, namespace: arc-osm-system, labels: {app: osm-injector}}
`;

describe('snapshot loader: what kubectl prints', () => {
  it('reads a kind: List as kubectl get -o yaml prints it', () => {
    const snap = loadSnapshot(folder({ 'deployments.yaml': deploymentList }));
    expect(snap.list(R.Deployment, { namespace: 'arc-osm-system' }).map((d) => d.metadata.name)).toEqual(['osm-controller', 'osm-injector']);
    expect(snap.list(R.Deployment, { selector: 'app=osm-injector' })).toHaveLength(1);
  });

  it('reads several YAML documents separated by ---, and skips empty ones', () => {
    const text = `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n`;
    const snap = loadSnapshot(folder({ 'ns.yml': text }));
    expect(snap.list(R.Namespace).map((n) => n.metadata.name)).toEqual(['a', 'b']);
  });

  it('reads a typed JSON list whose items omit kind and apiVersion', () => {
    const list = { apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'p', namespace: 'x' }, status: { phase: 'Running' } }] };
    const snap = loadSnapshot(folder({ 'pods.json': JSON.stringify(list) }));
    expect(snap.get(R.Pod, 'x', 'p')?.status.phase).toBe('Running');
  });

  it('takes an empty typed list (kubectl get pods -o json with no pods) as "none", not "not collected"', () => {
    const snap = loadSnapshot(folder({ 'pods.json': JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [] }), 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' }));
    expect(snap.knowsType(R.Pod)).toBe(true);
    expect(snap.knowsType(R.Service)).toBe(false);
  });

  it('reads logs, azure resources and snapshot.yaml', () => {
    const snap = loadSnapshot(
      folder({
        'snapshot.yaml': 'name: customer-42\ncontext: prod\nserverVersion: v1.28.5\ncollectedAt: "2026-11-20T10:00:00Z"\n',
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n',
        'logs/arc-osm-system/osm-controller-abc/osm-controller.log': 'line1\nline2\n',
        'logs/arc-osm-system/osm-controller-abc/osm-controller.previous.log': 'old\n',
        'azure/ext.json': JSON.stringify([{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/flux', name: 'flux', type: 'Microsoft.KubernetesConfiguration/extensions', properties: { extensionType: 'microsoft.flux', installedVersion: '1.8.2' } }]),
      }),
    );
    expect(snap.info).toMatchObject({ context: 'prod', serverVersion: 'v1.28.5' });
    expect(snap.logs('arc-osm-system', 'osm-controller-abc', 'osm-controller')).toBe('line1\nline2\n');
    expect(snap.logs('arc-osm-system', 'osm-controller-abc', 'osm-controller', true)).toBe('old\n');
    const [ext] = snap.azure('microsoft.kubernetesconfiguration/extensions');
    expect(ext.extensionType).toBe('microsoft.flux');
    expect(ext.currentVersion).toBe('1.8.2');
  });

  it('keeps the later file when an object appears twice, and warns', () => {
    const a = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x, labels: {v: "1"}}\n';
    const b = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x, labels: {v: "2"}}\n';
    const snap = loadSnapshot(folder({ 'a.yaml': a, 'b.yaml': b }));
    expect(snap.get(R.Namespace, undefined, 'x')?.metadata.labels?.v).toBe('2');
    expect(snap.warnings.join('\n')).toMatch(/Namespace x is in a\.yaml and b\.yaml: the later file wins/);
  });

  it('never keeps Secret data, even when the snapshot holds it', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\ndata: {password: aHVudGVyMg==}\nstringData: {x: y}\n';
    const snap = loadSnapshot(folder({ 's.yaml': secret }));
    const s = snap.get(R.Secret, 'n', 's')!;
    expect(s.data).toBeUndefined();
    expect(s.stringData).toBeUndefined();
  });

  it('accepts the guide\'s MeshConfig output with its duplicated trailing keys, keeping the first', () => {
    const text = readFileSync('tests/fixtures/upstream/samples/osm/arc-osm-meshconfig.azure-docs-extensions-troubleshooting.yaml', 'utf8');
    const snap = loadSnapshot(folder({ 'meshconfig.yaml': text }));
    expect(snap.get(R.MeshConfig, 'arc-osm-system', 'osm-mesh-config')?.spec.sidecar.logLevel).toBe('error');
    expect(snap.warnings.some((w) => w.includes('duplicate key "kind"'))).toBe(true);
  });

  it('gives objects that share a YAML alias their own copies', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: n, labels: &l {app: x}}}\n- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: n, labels: *l}}\n`;
    const snap = loadSnapshot(folder({ 'pods.yaml': text }));
    const [a, b] = [snap.get(R.Pod, 'n', 'a')!, snap.get(R.Pod, 'n', 'b')!];
    expect(b.metadata.labels).toEqual({ app: 'x' });
    expect(a.metadata.labels).not.toBe(b.metadata.labels);
  });

  it('reads a .tar.gz whose files sit under one top folder', async () => {
    const dir = folder({ 'dump/deployments.yaml': deploymentList });
    const file = join(dir, 'dump.tar.gz');
    await tarCreate({ gzip: true, file, cwd: dir }, ['dump']);
    const snap = loadSnapshot(file);
    expect(snap.list(R.Deployment)).toHaveLength(2);
  });
});

describe('snapshot loader: bad input is one clear line naming the file', () => {
  it('names the file and line of a YAML syntax error', () => {
    const dir = folder({ 'pods.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [oops\n' });
    expect(loadError(dir)).toMatch(/pods\.yaml:\d+: invalid YAML/);
  });

  it('names the file of an alias to an anchor defined in another document', () => {
    const dir = folder({ 'pods.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: &l {app: x}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: *l}\n' });
    expect(loadError(dir)).toMatch(/pods\.yaml:\d+: invalid YAML: Unresolved alias/);
  });

  it('names the line of a JSON syntax error', () => {
    const dir = folder({ 'pods.json': '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  oops\n}' });
    expect(loadError(dir)).toMatch(/pods\.json:4: invalid JSON/);
  });

  it('rejects a binary file', () => {
    const dir = folder({ 'x.json': Buffer.from([0, 159, 146, 150, 255, 0, 1, 2]) });
    expect(loadError(dir)).toMatch(/x\.json: not a text file/);
  });

  it('rejects an object without kind', () => {
    const dir = folder({ 'o.yaml': 'metadata:\n  name: x\n' });
    expect(loadError(dir)).toMatch(/o\.yaml:1: object has no "kind"/);
  });

  it('rejects an object without metadata.name', () => {
    const dir = folder({ 'o.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {}\n' });
    expect(loadError(dir)).toMatch(/o\.yaml:1: Pod has no metadata\.name/);
  });

  it('rejects an empty folder', () => {
    expect(loadError(folder({}))).toMatch(/holds no Kubernetes objects/);
  });

  it('rejects a missing path', () => {
    expect(loadError('/nonexistent/snapshot')).toMatch(/--snapshot \/nonexistent\/snapshot: no such file or folder/);
  });

  it('rejects a truncated tar.gz', () => {
    const dir = folder({});
    const file = join(dir, 'trunc.tar.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(4096, 7)).subarray(0, 40));
    expect(loadError(file)).toMatch(/trunc\.tar\.gz: unreadable archive/);
  });

  it('rejects a file that is not a folder or an archive', () => {
    const dir = folder({ 'notes.txt': 'hello' });
    expect(loadError(join(dir, 'notes.txt'))).toMatch(/not a folder or a \.tar\.gz/);
  });
});
