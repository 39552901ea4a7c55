// The role deploy/ ships (the output of `arcdoctor rbac --all`) is enough: a full live check against
// `serve --rbac deploy/base/rbac.yaml` gets no 403 and the same results as offline. With `pods` taken out of it,
// the pod reads are refused with RBAC's message and every check that needs them ends in error, never in pass.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/serve/index.js';

const ROLE = 'deploy/base/rbac.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'serve-rbac-gen-'));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/arcdoctor', ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

type Result = { id: string; area: string; status: string; message: string };
const results = (stdout: string) => JSON.parse(stdout).results as Result[];
// K8S001 names the collection time; the AZ checks say why Azure was not discovered, which differs live and offline.
const comparable = (stdout: string) => results(stdout).map((r) => ({ id: r.id, status: r.status, message: r.id === 'K8S001' || r.area === 'azure' ? r.status : r.message }));

async function liveCheck(example: string, role: string) {
  const server = await startServer({ snapshot: join('examples', example), rbac: role });
  try {
    const kc = join(tmp, `kc-${example}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(kc, server.kubeconfig);
    const run = await cli(['check', '--kubeconfig', kc, '--output', 'json']);
    return { run, refused: server.requests.filter((r) => r.status === 403).map((r) => `${r.method} ${r.path}?${r.query}`) };
  } finally {
    await server.close();
  }
}

describe('serve --rbac with the role deploy/ ships', () => {
  it.each(['osm-injector-down', 'flux-container-limits-policy', 'ama-charmed-privileged'])('%s: no 403, and the results offline gives', async (example) => {
    const [{ run, refused }, offline] = await Promise.all([liveCheck(example, ROLE), cli(['check', '--snapshot', join('examples', example), '--output', 'json'])]);
    expect(refused).toEqual([]);
    expect(run.stderr).toBe('');
    expect(comparable(run.stdout)).toEqual(comparable(offline.stdout));
    expect(run.code).toBe(offline.code);
  });

  it('without pods in the role: the pod read is refused with RBAC\'s message and the pod checks end in error', async () => {
    const role = join(tmp, 'no-pods.yaml');
    const text = readFileSync(ROLE, 'utf8');
    expect(text).toContain('      - pods\n');
    writeFileSync(role, text.replace('      - pods\n', ''));
    const { run, refused } = await liveCheck('osm-injector-down', role);
    expect(refused).toEqual(['GET /api/v1/pods?limit=500']);
    const byId = new Map(results(run.stdout).map((r) => [r.id, r]));
    const podChecks = ['FLUX007', 'AMA001', 'AMA002', 'AMA003', 'OSM001', 'OSM002', 'OSM005', 'OSM006', 'OSM013', 'OSM014', 'OSM016'];
    for (const id of podChecks) {
      expect(byId.get(id)?.status).toBe('error');
      expect(byId.get(id)?.message).toContain('(pods is forbidden: User "system:serviceaccount:arcdoctor:arcdoctor" cannot list resource "pods" in API group "" at the cluster scope)');
    }
    expect(byId.get('K8S001')?.status).toBe('warn');
    expect(byId.get('K8S001')?.message).toBe(`1 read(s) refused or failed; ${podChecks.join(', ')} end in error`);
    // What did not need pods still decides: the injector endpoints fail as offline.
    expect(byId.get('OSM008')?.status).toBe('fail');
    expect(run.code).not.toBe(0);
  });
});
