// Writes through the real kubectl: merge and JSON patches, label/annotate, rollout restart, apply of a CRD,
// --dry-run=server and delete, all kept in the server's memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlEnv, type KubectlEnv } from '../serve/serve-helpers.js';

let k: KubectlEnv;
beforeAll(async () => {
  k = await kubectlEnv();
});
afterAll(async () => k?.close());

const MC = ['meshconfig', 'osm-mesh-config', '-n', 'arc-osm-system'];
const jsonpath = async (args: string[], path: string) => (await k.kubectl(['get', ...args, '-o', `jsonpath=${path}`])).stdout;

describe('kubectl writes against arcdoctor serve', () => {
  it('applies the guide\'s merge patch and bumps resourceVersion', async () => {
    const before = Number(await jsonpath(MC, '{.metadata.resourceVersion}'));
    const r = await k.kubectl(['patch', ...MC, '-p', '{"spec":{"traffic":{"enableEgress":true}}}', '--type=merge']);
    expect(r.stdout.trim()).toBe('meshconfig.config.openservicemesh.io/osm-mesh-config patched');
    expect(await jsonpath(MC, '{.spec.traffic.enableEgress}')).toBe('true');
    expect(Number(await jsonpath(MC, '{.metadata.resourceVersion}'))).toBeGreaterThan(before);
  });

  it('applies a JSON patch and rejects one whose path is missing with 422', async () => {
    expect((await k.kubectl(['patch', ...MC, '--type=json', '-p', '[{"op":"replace","path":"/spec/sidecar/logLevel","value":"debug"}]'])).code).toBe(0);
    expect(await jsonpath(MC, '{.spec.sidecar.logLevel}')).toBe('debug');
    const bad = await k.kubectl(['patch', ...MC, '--type=json', '-p', '[{"op":"replace","path":"/spec/nope/x","value":1}]']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('doc is missing path: "/spec/nope/x"');
  });

  it('changes nothing with --dry-run=server', async () => {
    const r = await k.kubectl(['patch', ...MC, '-p', '{"spec":{"observability":{"osmLogLevel":"trace"}}}', '--type=merge', '--dry-run=server']);
    expect(r.code).toBe(0);
    expect(await jsonpath(MC, '{.spec.observability.osmLogLevel}')).toBe('info');
  });

  it('labels and annotates with strategic merge patches', async () => {
    expect((await k.kubectl(['label', 'namespace', 'bookbuyer', 'team=books'])).stdout).toContain('namespace/bookbuyer labeled');
    expect((await k.kubectl(['annotate', 'deployment', '-n', 'arc-osm-system', 'osm-injector', 'owner=mesh'])).stdout).toContain('annotated');
    expect(await jsonpath(['namespace', 'bookbuyer'], '{.metadata.labels.team}')).toBe('books');
    expect(await jsonpath(['deployment', '-n', 'arc-osm-system', 'osm-injector'], '{.metadata.annotations.owner}')).toBe('mesh');
    const gone = await k.kubectl(['label', 'namespace', 'bookbuyer', 'team-']);
    expect(gone.code).toBe(0);
    expect(await jsonpath(['namespace', 'bookbuyer'], '{.metadata.labels.team}')).toBe('');
  });

  it('restarts a deployment: restartedAt on the pod template and a new generation', async () => {
    const r = await k.kubectl(['rollout', 'restart', 'deployment', '-n', 'arc-osm-system', 'osm-controller']);
    expect(r.stdout.trim()).toBe('deployment.apps/osm-controller restarted');
    const out = await jsonpath(['deployment', '-n', 'arc-osm-system', 'osm-controller'], '{.metadata.generation} {.spec.template.metadata.annotations}');
    expect(out).toMatch(/^2 .*kubectl\.kubernetes\.io\/restartedAt/);
    expect(out).toContain('prometheus.io/scrape');
  });

  it('applies a CRD from the OSM release and serves its kind at once', async () => {
    const file = 'tests/fixtures/upstream/osm/release-v1.2/crds/policy_retry.yaml';
    const first = await k.kubectl(['apply', '-f', file]);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('customresourcedefinition.apiextensions.k8s.io/retries.policy.openservicemesh.io created');
    expect((await k.kubectl(['apply', '-f', file])).stdout).toContain('unchanged');
    const list = await k.kubectl(['get', 'retries', '-A']);
    expect(list.code).toBe(0);
    expect(list.stderr).toContain('No resources found');
  });

  it('creates with --dry-run=server without storing, then deletes for real', async () => {
    const dry = await k.kubectl(['create', 'configmap', 'probe', '-n', 'arc-osm-system', '--from-literal=a=b', '--dry-run=server']);
    expect(dry.stdout).toContain('configmap/probe created (server dry run)');
    expect((await k.kubectl(['get', 'configmap', 'probe', '-n', 'arc-osm-system'])).stderr).toContain('configmaps "probe" not found');
    expect((await k.kubectl(['delete', 'pod', '-n', 'arc-osm-system', 'osm-controller-b5bd66db-wglzl'])).stdout).toContain('deleted');
    expect((await k.kubectl(['get', 'pod', '-n', 'arc-osm-system', 'osm-controller-b5bd66db-wglzl'])).stderr).toContain('Error from server (NotFound): pods "osm-controller-b5bd66db-wglzl" not found');
  });

  it('answers kubectl get -w and rollout status without hanging', async () => {
    const w = await k.kubectl(['get', 'pods', '-n', 'arc-osm-system', '-w', '--request-timeout=10s']);
    expect(w.stdout).toContain('osm-injector-5986c57765-vlsdk');
    const s = await k.kubectl(['rollout', 'status', 'deployment/osm-injector', '-n', 'arc-osm-system', '--timeout=10s']);
    expect(s.stdout).toContain('successfully rolled out');
  });
});
