// `collect` against `arcdoctor serve`: secret-looking container flags and env values never reach the bundle —
// not in the objects, not in their last-applied annotation, not in the .tar.gz — and snapshot.yaml says what was
// hidden and how. Asserted on the bundle's bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollect } from '../../src/cli/collect-cmd.js';
import { emptyRedactions, redactArgs, redactContainers } from '../../src/redaction/containers.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { tempSnapshot } from '../helpers/cli.js';

const SECRETS = ['TOKVAL-1', 'DBVAL-2', 'SHVAL-3', 'ENVVAL-4', 'KEYVAL-5'];

const containerSpec = {
  name: 'osm-controller',
  image: 'mcr.microsoft.com/oss/openservicemesh/osm-controller:v1.2.4',
  command: ['sh', '-c', `exec /osm-controller --client-secret ${SECRETS[2]} --verbosity info`],
  args: ['--mesh-name', 'osm', `--api-token=${SECRETS[0]}`, '--db-password', SECRETS[1], '--apiKey', SECRETS[4], '--enable-debug-server', '--ca-bundle-secret-name', 'osm-ca-bundle'],
  env: [{ name: 'PASSWORD', value: SECRETS[3] }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
};
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'osm-controller', namespace: 'arc-osm-system', labels: { app: 'osm-controller' }, annotations: {} as Record<string, string> },
  spec: { replicas: 1, selector: { matchLabels: { app: 'osm-controller' } }, template: { metadata: { labels: { app: 'osm-controller' } }, spec: { containers: [containerSpec] } } },
  status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
};
deployment.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify({ ...deployment, status: undefined }) + '\n';
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'osm-controller-5d8f9c7b6-abcde', namespace: 'arc-osm-system', labels: { app: 'osm-controller' } },
  spec: { containers: [containerSpec] },
  status: { phase: 'Running', containerStatuses: [{ name: 'osm-controller', ready: true, restartCount: 0, state: { running: {} } }] },
};

let server: RunningServer;
let kubeconfig: string;
beforeAll(async () => {
  const snap = tempSnapshot({
    'snapshot.yaml': 'name: leaky\nserverVersion: v1.29.4\n',
    'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: arc-osm-system\n',
    'objects.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment, pod] }),
  });
  server = await startServer({ snapshot: snap });
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'redaction-')), 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig);
});
afterAll(async () => server?.close());

function bytesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => readFileSync(join(dir, f), 'latin1'))
    .join('\n');
}

function expectNoSecret(text: string): void {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

describe('collect redaction', () => {
  it('writes no secret value anywhere in the bundle folder, and keeps what checks read', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'redaction-')), 'bundle');
    expect(await runCollect({ out, kubeconfig, redactEnv: true, quiet: true })).toBe(0);
    const all = bytesUnder(out);
    expectNoSecret(all);
    const list = JSON.parse(readFileSync(join(out, 'apps/Deployment.json'), 'utf8')).items[0];
    const c = list.spec.template.spec.containers[0];
    expect(c.args).toEqual(['--mesh-name', 'osm', '--api-token=<redacted>', '--db-password', '<redacted>', '--apiKey', '<redacted>', '--enable-debug-server', '--ca-bundle-secret-name', '<redacted>']);
    expect(c.command).toEqual(['sh', '-c', 'exec /osm-controller --client-secret <redacted> --verbosity info']);
    expect(c.env).toEqual([{ name: 'PASSWORD', value: '<redacted>' }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]);
    const podC = JSON.parse(readFileSync(join(out, 'core/Pod.json'), 'utf8')).items[0].spec.containers[0];
    expect(podC.args).toEqual(c.args);
    expect(podC.command).toEqual(c.command);
  });

  it('says in snapshot.yaml what it redacted and how', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'redaction-')), 'bundle');
    await runCollect({ out, kubeconfig, redactEnv: true, quiet: true });
    expect(parse(readFileSync(join(out, 'snapshot.yaml'), 'utf8')).redaction).toEqual({
      replacement: '<redacted>',
      secrets: 'Secret objects are not read and not written',
      // PASSWORD in the deployment (the live read keeps no env of pods).
      env: { values: 1, method: 'every container env[].value replaced, but OSM_DEFAULT_ENVOY_IMAGE and OSM_DEFAULT_ENVOY_WINDOWS_IMAGE (checks compare them); valueFrom references kept' },
      args: {
        values: 10,
        flags: ['--api-token', '--apiKey', '--ca-bundle-secret-name', '--client-secret', '--db-password'],
        method: 'in container command and args, the value of every flag whose name contains token, password, secret, key, credential (any case), as --flag=value, --flag value, or inside a shell command line',
      },
      lastAppliedConfiguration: 'the kubectl.kubernetes.io/last-applied-configuration annotation redacted the same way (dropped when it is not JSON)',
    });
  });

  it('writes no secret value into a .tar.gz either, and redacts flags even with --no-redact-env', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redaction-'));
    const out = join(dir, 'bundle.tar.gz');
    await runCollect({ out, kubeconfig, redactEnv: false, quiet: true });
    const unpacked = mkdtempSync(join(tmpdir(), 'redaction-x-'));
    execFileSync('tar', ['xzf', out, '-C', unpacked]);
    const all = bytesUnder(unpacked);
    expectNoSecret(all.replaceAll(SECRETS[3], ''));
    // --no-redact-env keeps env values as asked, and only them.
    expect(all).toContain(SECRETS[3]);
    expect(parse(readFileSync(join(unpacked, 'bundle/snapshot.yaml'), 'utf8')).redaction.env).toEqual({ values: 0, method: 'kept as read (--no-redact-env)' });
  });
});

describe('redactContainers', () => {
  it('redacts the last-applied annotation the same way, and drops it when it is not JSON', () => {
    const tally = emptyRedactions();
    const out = redactContainers(deployment as unknown as KubeObject, true, tally);
    const applied = JSON.parse(out.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']);
    expect(applied.spec.template.spec.containers[0]).toEqual(out.spec.template.spec.containers[0]);
    expectNoSecret(JSON.stringify(out));
    expect(tally).toEqual({ envValues: 2, argValues: 10, argFlags: new Set(['--api-token', '--apiKey', '--ca-bundle-secret-name', '--client-secret', '--db-password']) });
    // The object read stays as it was.
    expect(deployment.spec.template.spec.containers[0].args[2]).toBe(`--api-token=${SECRETS[0]}`);
    const broken = { ...deployment, metadata: { ...deployment.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"spec": {"args": ["--token=' } } };
    expect(redactContainers(broken as unknown as KubeObject, true, emptyRedactions()).metadata.annotations).toEqual({});
  });
});

describe('redactArgs', () => {
  it('leaves flags without a secret-looking name and bare boolean flags alone', () => {
    const tally = emptyRedactions();
    const args = ['--log-level', 'debug', '--use-token', '--verbose', '--monkey=1', '-password=x', '--TOKEN-FILE', '/var/run/t', 'sh -c "app --key=abc --mode fast"', "-c '--secret=s3 --secret2 \"a b\"'"];
    expect(redactArgs(args, tally).args).toEqual([
      '--log-level',
      'debug',
      '--use-token',
      '--verbose',
      // Over-redacted, as the rule says (the name contains "key"): a name never decides to show a value.
      '--monkey=<redacted>',
      '-password=<redacted>',
      '--TOKEN-FILE',
      '<redacted>',
      'sh -c "app --key=<redacted> --mode fast"',
      "-c '--secret=<redacted> --secret2 <redacted>'",
    ]);
    expect(tally.argValues).toBe(6);
  });
});
