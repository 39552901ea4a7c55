// `arcdoctor fleet` as a user runs it: the built CLI, DefaultAzureCredential answered by an `az` on PATH (as after
// `az login`), ARCDOCTOR_ARM_ENDPOINT naming the HTTPS stand-in, NODE_EXTRA_CA_CERTS trusting its certificate.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arcdoctorAsync, tempSnapshot } from '../helpers/cli.js';
import { clusterId, startFleet, type FleetStandIn } from './fleet-stand-in.js';

const SUB_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const SUB_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const DENIED = 'dddddddd-0000-4000-8000-00000000000d';

let arm: FleetStandIn;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  arm = await startFleet({ subscriptions: [{ id: SUB_A, clusters: 40 }, { id: SUB_B, clusters: 20, extensionManager: 'NotRegistered' }], forbidden: [DENIED] });
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-fleet-cli-'));
  const az = join(dir, 'az');
  // What `az account get-access-token --output json` prints after `az login`.
  writeFileSync(az, `#!/bin/sh\necho '{"accessToken":"cli-token","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"subscription":"${SUB_A}","tenant":"t","tokenType":"Bearer"}'\n`);
  chmodSync(az, 0o755);
  writeFileSync(join(dir, 'ca.pem'), arm.ca);
  env = { PATH: `${dir}:${process.env.PATH}`, AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', ARCDOCTOR_ARM_ENDPOINT: arm.endpoint, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
});
afterAll(() => arm?.close());

describe('arcdoctor fleet (end to end)', () => {
  it('reads every listed subscription, prints one JSON document, progress on stderr, exit 1', async () => {
    const before = arm.requests.length;
    const r = await arcdoctorAsync(['fleet', '--output', 'json'], { env });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.targets.map((t: { target: { name: string } }) => t.target.name)).toEqual([
      ...Array.from({ length: 40 }, (_, i) => clusterId(SUB_A, i)),
      ...Array.from({ length: 20 }, (_, i) => clusterId(SUB_B, i)),
      `/subscriptions/${DENIED}`,
    ]);
    expect(doc.fleet.subscriptions.map((s: { id: string; readable: boolean; clusters: number }) => [s.id, s.readable, s.clusters])).toEqual([
      [SUB_A, true, 40],
      [SUB_B, true, 20],
      [DENIED, false, 0],
    ]);
    expect(r.stderr).toContain('arcdoctor: fleet: 3 subscription(s)\n');
    expect(r.stderr).toContain('arcdoctor: fleet: Resources page 1 (60 clusters)\n');
    expect(r.stderr).toContain('arcdoctor: fleet: 60 cluster(s) evaluated\n');
    // 1 subscription list, 1 page per table; per readable subscription 3 providers + the AKS feature; the refused one 1.
    expect(arm.requests.length - before).toBe(1 + 2 + (4 + 4 + 1));
  });

  it('narrows with --subscription, --resource-group, --cluster-type and --check; exit 0 when nothing fails', async () => {
    const before = arm.requests.length;
    const r = await arcdoctorAsync(['fleet', '--subscription', SUB_A, '--resource-group', 'rg-0', '--cluster-type', 'managedClusters', '--check', 'AZ002', '--output', 'json', '--quiet'], { env });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    // managed clusters are every 4th from index 3; rg-0 is index % 3 === 0: 3, 15, 27, 39.
    expect(doc.targets.map((t: { target: { name: string } }) => t.target.name)).toEqual([3, 15, 27, 39].map((i) => clusterId(SUB_A, i)));
    expect(doc.targets.every((t: { results: Array<{ id: string; status: string }> }) => t.results.find((x) => x.id === 'AZ002')!.status === 'pass')).toBe(true);
    expect(doc.fleet.checks).toEqual([{ id: 'AZ002', title: 'AKS-ExtensionManager feature registered (AKS)', fail: 0, warn: 0, error: 0 }]);
    expect(r.code).toBe(0);
    const queries = arm.requests.slice(before).filter((q) => q.method === 'POST');
    expect(queries).toHaveLength(2);
  });

  it('writes text to --out: problem clusters one line each, the tally, the refused subscription', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'arcdoctor-fleet-out-')), 'fleet.txt');
    const r = await arcdoctorAsync(['fleet', '--out', out, '--quiet'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`? subscription ${DENIED} (Team ${DENIED}) not readable: reading Microsoft.Resources/providers refused (403)`);
    expect(text).toMatch(/^60 cluster\(s\): \d+ healthy, \d+ failing, 0 with warnings, 0 incomplete · exit code 1$/m);
  });

  it('bad usage is one line and exit 2: an http endpoint, an unknown cloud, a non-Azure check', async () => {
    for (const [args, extra, line] of [
      [['fleet'], { ARCDOCTOR_ARM_ENDPOINT: 'http://127.0.0.1:1' }, 'arcdoctor: ARCDOCTOR_ARM_ENDPOINT=http://127.0.0.1:1: must be https (bearer tokens are only sent over TLS)\n'],
      [['fleet', '--azure-cloud', 'Mars'], {}, 'arcdoctor: --azure-cloud Mars: unknown cloud (one of AzureCloud, AzureUSGovernment, AzureChinaCloud)\n'],
      [['fleet', '--check', 'OSM001'], {}, 'arcdoctor: --check OSM001: a fleet run has only the Azure checks (AZ001, AZ002, AZ003, AZ004, AZ005)\n'],
    ] as const) {
      const r = await arcdoctorAsync([...args], { env: { ...env, ...extra } });
      expect([r.code, r.stderr]).toEqual([2, line]);
    }
  });

  it('no Azure login is exit 3 with one line saying how to log in, and no request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-fleet-nologin-'));
    writeFileSync(join(dir, 'az'), "#!/bin/sh\necho \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");
    chmodSync(join(dir, 'az'), 0o755);
    const before = arm.requests.length;
    const r = await arcdoctorAsync(['fleet'], { env: { ...env, PATH: `${dir}:${process.env.PATH}` } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^arcdoctor: fleet: no usable Azure login \(.*\); log in with `az login` or set AZURE_TENANT_ID\/AZURE_CLIENT_ID\/AZURE_CLIENT_SECRET\n$/);
    expect(r.stdout).toBe('');
    expect(arm.requests.length).toBe(before);
  });

  it('check --azure-subscription reads the ARM endpoint ARCDOCTOR_ARM_ENDPOINT names', async () => {
    const snap = tempSnapshot({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n' });
    const before = arm.requests.length;
    await arcdoctorAsync(['check', '--snapshot', snap, '--azure-subscription', SUB_A, '--resource-group', 'rg-1', '--cluster', 'arc-00001', '--cluster-type', 'connectedClusters', '--area', 'azure'], { env });
    expect(arm.requests.slice(before).map((q) => q.path)).toContain(`/subscriptions/${SUB_A}/resourceGroups/rg-1/providers/Microsoft.Kubernetes/connectedClusters/arc-00001`);
  });
});
