// The built CLI against serve and a non-Kubernetes server: what a user sees (exit code, one line on stderr).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arcdoctorAsync } from '../helpers/cli.js';
import { kubeconfigText } from '../live/helpers/fake-api.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { clusterSide, kubeconfigFile } from './live-run.js';

type Result = { id: string; status: string; message: string };
const results = (stdout: string) => JSON.parse(stdout).results as Result[];
const byId = (stdout: string, id: string) => results(stdout).find((r) => r.id === id)!;

describe('a server that is not a Kubernetes API (404 on every path)', () => {
  let http: Server;
  let kc: string;
  beforeAll(async () => {
    http = createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n'));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    kc = join(tmpdir(), `arcdoctor-404-${process.pid}`);
    writeFileSync(kc, kubeconfigText(url, ['proxy']));
  });
  afterAll(() => new Promise<void>((r) => http.close(() => r())));

  it('exits 3 with one line, every area', async () => {
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    for (const area of ['osm', 'flux', 'ama', 'k8s']) {
      const run = await arcdoctorAsync(['check', '--kubeconfig', kc, '--area', area, '--output', 'json']);
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`arcdoctor: context proxy (${url}) is not a Kubernetes API server (GET /version answered 404, GET /api answered 404)\n`);
    }
  });
});

describe('refused logs through the CLI (serve --deny pods/log)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ snapshot: clusterSide('tests/fixtures/scenarios/aks-pod-identity-flux-token-intercepted'), deny: ['pods/log'] });
  });
  afterAll(() => server.close());

  it('FLUX004 is error naming the refused log, K8S001 names exactly it, exit 4', async () => {
    const run = await arcdoctorAsync(['check', '--kubeconfig', kubeconfigFile(server), '--area', 'flux,k8s', '--output', 'json']);
    expect(run.code).toBe(4);
    const flux004 = byId(run.stdout, 'FLUX004');
    expect(flux004.status).toBe('error');
    expect(flux004.message).toBe(
      'this check decides from container logs that could not be read: ' +
        'get the log of flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c/fluxconfig-agent was forbidden (pods "fluxconfig-agent-7f8c6d5b9d-b6r1c" is forbidden: User "arcdoctor" cannot get resource "pods/log" in API group "" in the namespace "flux-system"); ' +
        'get the log of flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c/fluent-bit was forbidden (pods "fluxconfig-agent-7f8c6d5b9d-b6r1c" is forbidden: User "arcdoctor" cannot get resource "pods/log" in API group "" in the namespace "flux-system")',
    );
    const errored = results(run.stdout).filter((r) => r.status === 'error').map((r) => r.id);
    const k8s = byId(run.stdout, 'K8S001');
    expect(k8s.status).toBe('warn');
    expect(k8s.message).toMatch(new RegExp(`^\\d+ read\\(s\\) refused or failed; ${errored.join(', ')} ${errored.length === 1 ? 'ends' : 'end'} in error`));
  });
});

describe('--check ID reads what its area needs (issue #14)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ snapshot: 'examples/flux-dry-run-webhook' });
  });
  afterAll(() => server.close());

  it('check --check FLUX002 live gives the full run status and message', async () => {
    const kc = kubeconfigFile(server);
    const [alone, full] = await Promise.all([
      arcdoctorAsync(['check', '--kubeconfig', kc, '--check', 'FLUX002', '--output', 'json']),
      arcdoctorAsync(['check', '--kubeconfig', kc, '--output', 'json']),
    ]);
    expect(byId(alone.stdout, 'FLUX002').status).toBe('fail');
    // The reconcile request carries each run's own clock; everything else is the same result.
    const withoutClock = (stdout: string) => JSON.parse(JSON.stringify(byId(stdout, 'FLUX002')).replace(/"reconcile\.fluxcd\.io\/requestedAt":"[^"]+"/g, '"reconcile.fluxcd.io/requestedAt":"NOW"'));
    expect(withoutClock(alone.stdout)).toEqual(withoutClock(full.stdout));
    expect(alone.code).toBe(1);
  });
});
