// Issue #10: hostile sizes and odd encodings end in one line naming the file (exit 2), before memory is spent.
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { c as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { R } from '../../src/snapshot/resources.js';
import { DEFAULT_LIMITS, parseSize, type InputLimits } from '../../src/sources/limits.js';
import { loadSnapshot, type LoadOptions } from '../../src/sources/snapshot-files.js';
import { loadKubeConfig } from '../../src/sources/live/kubeconfig.js';
import { arcdoctor, hasStackTrace } from '../helpers/cli.js';
import { snapshotFolder } from '../helpers/snapshot-folder.js';

const folder = (files: Record<string, string | Buffer>) => snapshotFolder(files, 'arcdoctor-limits-');

function loadError(path: string, options: LoadOptions = {}): string {
  try {
    loadSnapshot(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

const limits = (l: Partial<InputLimits>): LoadOptions => ({ limits: { ...DEFAULT_LIMITS, ...l } });
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

async function archive(files: Record<string, string | Buffer>, top: string): Promise<string> {
  const dir = folder(files);
  const file = join(dir, 'bundle.tar.gz');
  await tarCreate({ gzip: true, file, cwd: dir, portable: true }, [top]);
  return file;
}

describe('input limits', () => {
  it('refuses a file above --max-file-size, naming it, before reading it', () => {
    const dir = folder({ 'a.yaml': ns('a'), 'big.yaml': ns('b') + '# ' + 'x'.repeat(2000) + '\n' });
    expect(loadError(dir, limits({ maxFileSize: 1024 }))).toBe(`${dir}/big.yaml: 2K is more than the 1K a snapshot file may hold (raise it with --max-file-size)`);
  });

  it('refuses a 600 MB file with the default limit without reading it (a sparse file)', () => {
    const dir = folder({ 'a.yaml': ns('a') });
    const fd = openSync(join(dir, 'pods.json'), 'w');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    expect(loadError(dir)).toBe(`${dir}/pods.json: 600M is more than the 500M a snapshot file may hold (raise it with --max-file-size)`);
  });

  it('refuses a folder whose files add up to more than --max-snapshot-size', () => {
    const dir = folder({ 'a.yaml': ns('a'), 'b.yaml': ns('b'), 'c.yaml': ns('c') });
    expect(loadError(dir, limits({ maxSnapshotSize: 100 }))).toBe(`--snapshot ${dir}: its files add up to more than 100 uncompressed (raise it with --max-snapshot-size)`);
  });

  it('refuses an archive entry above the limit from its header, and a total above the limit', async () => {
    const file = await archive({ 'dump/a.yaml': ns('a'), 'dump/pods.yaml': ns('p') + '#'.repeat(5000) + '\n' }, 'dump');
    expect(loadError(file, limits({ maxFileSize: 4096 }))).toBe(`${file}: dump/pods.yaml: 5K is more than the 4K a snapshot file may hold (raise it with --max-file-size)`);
    // Entries the loader skips (notes.txt) still count: they cost the decompression.
    const total = await archive({ 'dump/a.yaml': ns('a'), 'dump/notes.txt': 'n'.repeat(3000) }, 'dump');
    expect(loadError(total, limits({ maxSnapshotSize: 2048 }))).toBe(`--snapshot ${total}: its files add up to more than 2K uncompressed (raise it with --max-snapshot-size)`);
    expect(loadSnapshot(total).list(R.Namespace)).toHaveLength(1);
  });

  it('refuses a YAML scalar above the limit before parsing it: double-quoted, single-quoted, block', () => {
    const escapes = 'ab\\n'.repeat(400);
    const cases: Record<string, string> = {
      'dq.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  big: "${escapes}"\n`,
      'sq.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  big: '${"it''s ".repeat(300)}'\n`,
      'block.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  big: |\n${'    line\n'.repeat(300)}  small: y\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const dir = folder({ [name]: text });
      expect(loadError(dir, limits({ maxScalarSize: 1024 }))).toBe(`${dir}/${name}:5: a YAML scalar of more than 1K (a Kubernetes object holds at most 1.5 MiB); is this a kubectl dump?`);
      expect(loadSnapshot(dir).get(R.ConfigMap, undefined, 'x')?.data.big.length).toBeGreaterThan(1024);
    }
  });

  it('does not take quotes inside plain scalars or block scalars for long scalars', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: it's "here\n  b: |\n    say "hi\n${'    more\n'.repeat(50)}  c: y'z\n`;
    const dir = folder({ 'cm.yaml': text + '# ' + 'pad '.repeat(400) + '\n' });
    expect(loadSnapshot(dir, limits({ maxScalarSize: 1024 })).get(R.ConfigMap, undefined, 'x')?.data).toMatchObject({ a: 'it\'s "here', c: "y'z" });
  });

  it('refuses a YAML alias bomb, naming the file and line', () => {
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'a: &a ["l","l","l","l","l","l","l","l","l"]'];
    for (const k of 'bcdefgh') bomb.push(`${k}: &${k} [*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)},*${String.fromCharCode(k.charCodeAt(0) - 1)}]`);
    const dir = folder({ 'bomb.yaml': `${ns('ok')}---\n${bomb.join('\n')}\n` });
    expect(loadError(dir)).toBe(`${dir}/bomb.yaml:4: invalid YAML: its aliases expand to more than 1000000 values (an alias bomb?)`);
  });

  it('parses sizes as the flags take them', () => {
    expect([parseSize('f', '1000'), parseSize('f', '64K'), parseSize('f', '512M'), parseSize('f', '2G'), parseSize('f', '1.5GiB')]).toEqual([1000, 65536, 536870912, 2147483648, 1610612736]);
    expect(() => parseSize('--max-file-size', 'lots')).toThrow('--max-file-size lots: expected a size such as 512M or 2G');
  });

  it('check --max-file-size: exit 2 with one line naming the file', () => {
    const dir = folder({ 'ns.yaml': ns('a') + '#'.repeat(3000) + '\n' });
    const r = arcdoctor(['check', '--snapshot', dir, '--max-file-size', '2K']);
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 2, stdout: '', stderr: `arcdoctor: ${dir}/ns.yaml: 3K is more than the 2K a snapshot file may hold (raise it with --max-file-size)\n` });
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(arcdoctor(['check', '--help']).stdout).toMatch(/--max-file-size <size>[\s\S]*--max-snapshot-size <size>/);
  });
});

describe('archives made of a folder at a nested path (tar czf b.tgz /path/to/dump)', () => {
  const bundle = {
    'home/ops/case-42/dump/snapshot.yaml': 'name: case-42\ncontext: prod\n',
    'home/ops/case-42/dump/core/Namespace.yaml': ns('arc-osm-system'),
    'home/ops/case-42/dump/logs/arc-osm-system/osm-controller-1/osm-controller.log': 'started\n',
    'home/ops/case-42/dump/azure/ext.json': JSON.stringify([{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/osm', name: 'osm', type: 'Microsoft.KubernetesConfiguration/extensions', properties: { extensionType: 'microsoft.openservicemesh' } }]),
  };

  it('loads as the folder would: objects, snapshot.yaml, logs and azure/ under the prefix', async () => {
    const snap = loadSnapshot(await archive(bundle, 'home'));
    expect(snap.list(R.Namespace).map((n) => n.metadata.name)).toEqual(['arc-osm-system']);
    expect(snap.info).toMatchObject({ name: 'case-42', context: 'prod' });
    expect(snap.logs('arc-osm-system', 'osm-controller-1', 'osm-controller')).toBe('started\n');
    expect(snap.azure('microsoft.kubernetesconfiguration/extensions').map((r) => r.name)).toEqual(['osm']);
  });

  it('finds logs/ and azure/ under the prefix without a snapshot.yaml', async () => {
    const { ['home/ops/case-42/dump/snapshot.yaml']: _, ...rest } = bundle;
    const snap = loadSnapshot(await archive(rest, 'home'));
    expect(snap.logs('arc-osm-system', 'osm-controller-1', 'osm-controller')).toBe('started\n');
    expect(snap.azure('microsoft.kubernetesconfiguration/extensions')).toHaveLength(1);
    const logsOnly = loadError(await archive({ 'a/b/logs/ns/pod/c.log': 'x\n', 'a/b/azure/e.json': '[]' }, 'a'));
    expect(logsOnly).toMatch(/holds no Kubernetes objects/);
  });

  it('keeps a folder named azure above the bundle out of the Azure files', async () => {
    const snap = loadSnapshot(await archive({ 'srv/azure/dump/core/Namespace.yaml': ns('x'), 'srv/azure/dump/apps/Deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: x}\n' }, 'srv'));
    expect(snap.list(R.Namespace)).toHaveLength(1);
    expect(snap.list(R.Deployment)).toHaveLength(1);
  });
});

describe('encodings', () => {
  const pod = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bom' } };

  it('accepts JSON with a UTF-8 BOM, as YAML with one', () => {
    const snap = loadSnapshot(folder({ 'ns.json': '\uFEFF' + JSON.stringify(pod), 'b.yaml': '\uFEFF' + ns('b') }));
    expect(snap.list(R.Namespace).map((n) => n.metadata.name).sort()).toEqual(['b', 'bom']);
  });

  it('decodes UTF-16 with a BOM (PowerShell >), little and big endian, YAML and JSON', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ns('le'), 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JSON.stringify({ ...pod, metadata: { name: 'be' } }), 'utf16le').swap16()]);
    const azure = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[]', 'utf16le')]);
    const snap = loadSnapshot(folder({ 'le.yaml': le, 'be.json': be, 'azure/extensions.json': azure }));
    expect(snap.list(R.Namespace).map((n) => n.metadata.name).sort()).toEqual(['be', 'le']);
  });

  it('names UTF-16 without a BOM and non-UTF-8 text for what they are, not "binary"', () => {
    const dir = folder({ 'a.yaml': Buffer.from(ns('a'), 'utf16le') });
    expect(loadError(dir)).toBe(`${dir}/a.yaml: UTF-16 text without a byte-order mark; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)`);
    const latin = folder({ 'a.yaml': Buffer.from(ns('caf\u00e9'), 'latin1') });
    expect(loadError(latin)).toBe(`${latin}/a.yaml: not UTF-8 text; save it as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)`);
  });
});

describe('kubeconfig', () => {
  it('an empty kubeconfig is one clear line, exit 2', () => {
    const dir = folder({ empty: '', comments: '# nothing here\n\n', list: '- a\n' });
    for (const name of ['empty', 'comments']) {
      expect(() => loadKubeConfig(join(dir, name))).toThrow(new UsageError(`--kubeconfig ${join(dir, name)}: empty kubeconfig (no clusters, users or contexts); name the kubeconfig kubectl uses`));
    }
    const r = arcdoctor(['check', '--kubeconfig', join(dir, 'empty')]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `arcdoctor: --kubeconfig ${join(dir, 'empty')}: empty kubeconfig (no clusters, users or contexts); name the kubeconfig kubectl uses\n` });
  });
});

describe('big JSON lists, parsed an item at a time', () => {
  const pods = Array.from({ length: 2500 }, (_, i) => ({
    metadata: { name: `p-${i}`, namespace: 'n', managedFields: [{ manager: 'kubelet', fieldsV1: { 'f:status': {} } }], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n', keep: 'me' } },
    spec: { containers: [{ name: 'c', image: 'i', env: [{ name: 'A', value: 'x'.repeat(300) }] }], volumes: [{ name: 'v' }], nodeName: 'node-1' },
    status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, imageID: 'sha' }] },
  }));
  const text = JSON.stringify({ apiVersion: 'v1', items: pods, kind: 'PodList', metadata: { resourceVersion: '7' } }, null, 4);

  it('gives the same objects as one JSON.parse, trimmed like the live source', () => {
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const snap = loadSnapshot(folder({ 'pods.json': text }));
    const untrimmed = loadSnapshot(folder({ 'pods.json': text }), { trim: false });
    expect(snap.list(R.Pod)).toHaveLength(2500);
    const p = snap.get(R.Pod, 'n', 'p-7')!;
    expect(JSON.parse(JSON.stringify(p))).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p-7', namespace: 'n', annotations: { keep: 'me' } },
      spec: { containers: [{ name: 'c', image: 'i' }], nodeName: 'node-1' },
      status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0 }] },
    });
    expect(untrimmed.get(R.Pod, 'n', 'p-7')).toEqual({ apiVersion: 'v1', kind: 'Pod', ...pods[7] });
    expect(snap.knowsType(R.Pod)).toBe(true);
  });

  it('names the line of a broken item as the whole parse does', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('"p-1200"'));
    lines[at] = lines[at].replace('"p-1200"', '"p-1200" oops');
    const dir = folder({ 'pods.json': lines.join('\n') });
    expect(loadError(dir)).toMatch(new RegExp(`^${dir}/pods\\.json:${at + 1}: invalid JSON: `));
  });
});

describe('YAML documents, cut once', () => {
  it('names the line of the document at fault, and keeps directives and % lines in block scalars', () => {
    const ok = '%YAML 1.2\n---\n' + ns('a') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  x: |\n    %not a directive\n---\n' + ns('c');
    expect(loadSnapshot(folder({ 'all.yaml': ok })).list(R.Namespace).map((n) => n.metadata.name)).toEqual(['a', 'c']);
    const bad = folder({ 'all.yaml': `${ns('a')}---\n---\nkind: Pod\nmetadata:\n  name: x\n` });
    expect(loadError(bad)).toBe(`${bad}/all.yaml:6 (document 3): Pod has no "apiVersion"`);
    const syntax = folder({ 'all.yaml': `${ns('a')}---\n${ns('b')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b\n  name: x\n` });
    // Line 12 opens the flow mapping; js-yaml notices the missing `}` on line 13, in the third document.
    expect(loadError(syntax)).toBe(`${syntax}/all.yaml:13: invalid YAML: missed comma between flow collection entries`);
  });
});
