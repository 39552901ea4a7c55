// serve accepts every kind of the deploy/ kustomize base, as a cluster would, through the real kubectl:
// `kubectl apply --dry-run=server` (client-side and server-side apply), then a real apply and a re-apply.
// PodMonitor/ServiceMonitor/PrometheusRule are served because their CRDs are in the snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_SNAPSHOT, kubectlEnv, type KubectlEnv } from './serve-helpers.js';

const MANIFEST = 'tests/fixtures/serve/deploy-kinds-manifest.yaml';
const OBJECTS = [
  'namespace/arcdoctor',
  'serviceaccount/arcdoctor',
  'clusterrole.rbac.authorization.k8s.io/arcdoctor',
  'clusterrolebinding.rbac.authorization.k8s.io/arcdoctor',
  'deployment.apps/arcdoctor-exporter',
  'service/arcdoctor',
  'cronjob.batch/arcdoctor-check',
  'podmonitor.monitoring.coreos.com/arcdoctor',
  'servicemonitor.monitoring.coreos.com/arcdoctor',
  'prometheusrule.monitoring.coreos.com/arcdoctor',
];
const lines = (verb: (o: string) => string) => OBJECTS.map(verb).join('\n');

let k: KubectlEnv;
beforeAll(async () => {
  k = await kubectlEnv({ snapshot: 'tests/fixtures/serve/deploy-kinds' });
});
afterAll(async () => k?.close());

describe('kubectl apply --dry-run=server of the deploy/ kinds', () => {
  it('refuses the namespaced objects while their namespace does not exist, as the API server does', async () => {
    const r = await k.kubectl(['apply', '--dry-run=server', '-f', MANIFEST]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual(['namespace/arcdoctor created (server dry run)', 'clusterrole.rbac.authorization.k8s.io/arcdoctor created (server dry run)', 'clusterrolebinding.rbac.authorization.k8s.io/arcdoctor created (server dry run)']);
    expect(r.stderr.trim().split('\n')).toEqual(Array(7).fill(`Error from server (NotFound): error when creating "${MANIFEST}": namespaces "arcdoctor" not found`));
    // Nothing was stored.
    expect((await k.kubectl(['get', 'namespace', 'arcdoctor'])).code).toBe(1);
  });

  it('accepts every kind once the namespace exists, with client-side and server-side apply', async () => {
    expect((await k.kubectl(['create', 'namespace', 'arcdoctor', '--save-config'])).code).toBe(0);
    const csa = await k.kubectl(['apply', '--dry-run=server', '-f', MANIFEST]);
    expect(csa.stderr).toBe('');
    expect(csa.stdout.trim()).toBe(lines((o) => `${o} ${o.startsWith('namespace/') ? 'configured' : 'created'} (server dry run)`));
    const ssa = await k.kubectl(['apply', '--server-side', '--dry-run=server', '-f', MANIFEST]);
    expect(ssa.stderr).toBe('');
    expect(ssa.stdout.trim()).toBe(lines((o) => `${o} serverside-applied (server dry run)`));
    // Dry runs stored nothing.
    expect((await k.kubectl(['get', 'cronjobs,servicemonitors,prometheusrules', '-n', 'arcdoctor', '-o', 'name'])).stdout).toBe('');
  });

  it('applies them for real, then answers a re-apply as unchanged', async () => {
    const r = await k.kubectl(['apply', '-f', MANIFEST]);
    expect(r.code).toBe(0);
    const again = await k.kubectl(['apply', '--dry-run=server', '-f', MANIFEST]);
    expect(again.stdout.trim()).toBe(lines((o) => `${o} unchanged (server dry run)`));
    const stored = await k.kubectl(['get', 'deployments,services,cronjobs,podmonitors,servicemonitors,prometheusrules', '-n', 'arcdoctor', '-o', 'name']);
    expect(stored.stdout.trim().split('\n')).toEqual(OBJECTS.slice(4));
    expect((await k.kubectl(['get', 'cronjob', 'arcdoctor-check', '-n', 'arcdoctor', '-o', 'jsonpath={.spec.schedule}'])).stdout).toBe('17 * * * *');
  });
});

describe('without the Prometheus Operator CRDs', () => {
  it('says the monitoring kinds are not served, as kubectl does against a cluster without them', async () => {
    const guide = await kubectlEnv({ snapshot: GUIDE_SNAPSHOT });
    try {
      const r = await guide.kubectl(['apply', '--dry-run=server', '-f', MANIFEST]);
      expect(r.code).toBe(1);
      for (const kind of ['PodMonitor', 'ServiceMonitor', 'PrometheusRule']) {
        expect(r.stderr).toContain(`resource mapping not found for name: "arcdoctor" namespace: "arcdoctor" from "${MANIFEST}": no matches for kind "${kind}" in version "monitoring.coreos.com/v1"`);
      }
    } finally {
      await guide.close();
    }
  });
});

describe('kubectl apply --dry-run=server -k deploy/ (the real kustomize base and overlays)', () => {
  it.each([
    ['deploy', ['namespace', 'serviceaccount', 'clusterrole.rbac.authorization.k8s.io', 'clusterrolebinding.rbac.authorization.k8s.io', 'service', 'deployment.apps']],
    ['deploy/overlays/cronjob', ['namespace', 'serviceaccount', 'clusterrole.rbac.authorization.k8s.io', 'clusterrolebinding.rbac.authorization.k8s.io', 'cronjob.batch']],
    [
      'deploy/overlays/monitoring',
      ['namespace', 'serviceaccount', 'clusterrole.rbac.authorization.k8s.io', 'clusterrolebinding.rbac.authorization.k8s.io', 'service', 'deployment.apps', 'prometheusrule.monitoring.coreos.com', 'servicemonitor.monitoring.coreos.com'],
    ],
  ])('%s applies, client-side and server-side', async (dir, kinds) => {
    const env = await kubectlEnv({ snapshot: 'tests/fixtures/serve/deploy-kinds' });
    try {
      expect((await env.kubectl(['create', 'namespace', 'arcdoctor', '--save-config'])).code).toBe(0);
      for (const mode of [[], ['--server-side']]) {
        const r = await env.kubectl(['apply', ...mode, '--dry-run=server', '-k', dir]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const out = r.stdout.trim().split('\n');
        const word = mode.length ? 'serverside-applied' : '(created|configured)';
        for (const line of out) expect(line).toMatch(new RegExp(`^[a-z0-9.]+/[a-z0-9-]+ ${word} \\(server dry run\\)$`));
        expect([...new Set(out.map((l) => l.split('/')[0]))].sort()).toEqual([...kinds].sort());
      }
    } finally {
      await env.close();
    }
  });
});
