// deploy/ applies with `kubectl apply --dry-run=server` against `arcdoctor serve`, as against a real API server:
// the namespace first (a dry-run creates nothing for the objects inside it to land in), then each variant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { kubeconfigFile } from '../exporter/exporter-helpers.js';
import { requireTool } from '../helpers/tools.js';

const run = promisify(execFile);

describe('kubectl apply --dry-run=server -k deploy/ against serve', () => {
  let server: RunningServer;
  let kubeconfig: string;
  beforeAll(async () => {
    server = await startServer({ snapshot: 'examples/healthy-all-extensions' });
    kubeconfig = kubeconfigFile(server.kubeconfig);
    await run(requireTool('kubectl'), ['--kubeconfig', kubeconfig, 'apply', '-f', 'deploy/base/namespace.yaml']);
  });
  afterAll(() => server?.close());

  it.each([
    ['deploy', ['namespace/arcdoctor', 'serviceaccount/arcdoctor', 'clusterrole.rbac.authorization.k8s.io/arcdoctor-reader', 'clusterrolebinding.rbac.authorization.k8s.io/arcdoctor-reader', 'service/arcdoctor', 'deployment.apps/arcdoctor-exporter']],
    ['deploy/overlays/cronjob', ['namespace/arcdoctor', 'serviceaccount/arcdoctor', 'clusterrole.rbac.authorization.k8s.io/arcdoctor-reader', 'clusterrolebinding.rbac.authorization.k8s.io/arcdoctor-reader', 'cronjob.batch/arcdoctor-check']],
  ])('%s applies', async (dir, objects) => {
    const { stdout, stderr } = await run(requireTool('kubectl'), ['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-k', dir]);
    expect(stderr).toBe('');
    const applied = stdout.trim().split('\n').map((l) => l.split(' ')[0]);
    expect(applied.sort()).toEqual([...objects].sort());
    expect(stdout.trim().split('\n').filter((l) => l.startsWith('namespace/'))).toEqual(['namespace/arcdoctor unchanged (server dry run)']);
  });
});
