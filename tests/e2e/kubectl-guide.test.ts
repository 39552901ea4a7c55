// Every kubectl command of the guide's OSM section ("Open Service Mesh habilitado para o Azure Arc"), run with the
// real kubectl against `arcdoctor serve` on the guide's healthy state, prints the guide's columns and values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlEnv, rows, type KubectlEnv } from '../serve/serve-helpers.js';

let k: KubectlEnv;
beforeAll(async () => {
  k = await kubectlEnv();
});
afterAll(async () => k?.close());

async function ok(args: string[]): Promise<string> {
  const r = await k.kubectl(args);
  expect(r.stderr.replace(/^Defaulted container.*\n?/m, '')).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('the guide, OSM section, with the real kubectl', () => {
  it('prints the osm-controller deployment as the guide shows it (READY 1/1)', async () => {
    const out = await ok(['get', 'deployment', '-n', 'arc-osm-system', '--selector', 'app=osm-controller']);
    expect(rows(out)).toEqual([
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      ['osm-controller', '1/1', '1', '1', '59m'],
    ]);
  });

  it('prints the evicted and the running controller pods', async () => {
    const out = await ok(['get', 'pods', '-n', 'arc-osm-system', '--selector', 'app=osm-controller']);
    expect(rows(out)).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['osm-controller-b5bd66db-wglzl', '0/1', 'Evicted', '0', '61m'],
      ['osm-controller-b5bd66db-wvl9w', '1/1', 'Running', '0', '31m'],
    ]);
  });

  it('prints the controller logs through a label selector (kubectl logs -l)', async () => {
    const r = await k.kubectl(['logs', '-n', 'arc-osm-system', '-l', 'app=osm-controller']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"message":"osm-controller is ready"');
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('prints the controller service with PORT(S) 15128/TCP,9092/TCP', async () => {
    const out = await ok(['get', 'service', '-n', 'arc-osm-system', 'osm-controller']);
    expect(rows(out)).toEqual([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ['osm-controller', 'ClusterIP', '10.0.31.254', '<none>', '15128/TCP,9092/TCP', '67m'],
    ]);
  });

  it('prints the controller endpoints 10.240.1.115:9092,10.240.1.115:15128', async () => {
    const out = await ok(['get', 'endpoints', '-n', 'arc-osm-system', 'osm-controller']);
    expect(rows(out)).toEqual([
      ['NAME', 'ENDPOINTS', 'AGE'],
      ['osm-controller', '10.240.1.115:9092,10.240.1.115:15128', '69m'],
    ]);
  });

  it('prints the injector deployment, pod, service and endpoints', async () => {
    expect(rows(await ok(['get', 'deployments', '-n', 'arc-osm-system', 'osm-injector']))[1]).toEqual(['osm-injector', '1/1', '1', '1', '73m']);
    expect(rows(await ok(['get', 'pod', '-n', 'arc-osm-system', '--selector', 'app=osm-injector']))[1]).toEqual(['osm-injector-5986c57765-vlsdk', '1/1', 'Running', '0', '73m']);
    expect(rows(await ok(['get', 'service', '-n', 'arc-osm-system', 'osm-injector']))[1]).toEqual(['osm-injector', 'ClusterIP', '10.0.39.54', '<none>', '9090/TCP', '75m']);
    expect(rows(await ok(['get', 'endpoints', '-n', 'arc-osm-system', 'osm-injector']))[1]).toEqual(['osm-injector', '10.240.1.172:9090', '75m']);
  });

  it('prints the webhook configurations with WEBHOOKS 1', async () => {
    expect(rows(await ok(['get', 'ValidatingWebhookConfiguration', '--selector', 'app=osm-controller']))).toEqual([
      ['NAME', 'WEBHOOKS', 'AGE'],
      ['osm-validator-mesh-osm', '1', '81m'],
    ]);
    expect(rows(await ok(['get', 'MutatingWebhookConfiguration', '--selector', 'app=osm-injector']))).toEqual([
      ['NAME', 'WEBHOOKS', 'AGE'],
      ['arc-osm-webhook-osm', '1', '102m'],
    ]);
  });

  it('answers the -o json | jq service lookups of both webhooks', async () => {
    const v = await k.shell(`kubectl get ValidatingWebhookConfiguration osm-validator-mesh-osm -o json | jq '.webhooks[0].clientConfig.service'`);
    // The guide prints "osm-config-validator" (OSM v0.7/v0.8); the fixture holds v1.0's real name.
    expect(JSON.parse(v.stdout)).toEqual({ name: 'osm-validator', namespace: 'arc-osm-system', path: '/validate', port: 9093 });
    const m = await k.shell(`kubectl get MutatingWebhookConfiguration arc-osm-webhook-osm -o json | jq '.webhooks[0].clientConfig.service'`);
    expect(JSON.parse(m.stdout)).toEqual({ name: 'osm-injector', namespace: 'arc-osm-system', path: '/mutate-pod-creation', port: 9090 });
  });

  it('counts 1845 bytes of CA bundle, as the guide', async () => {
    for (const cmd of [
      `kubectl get ValidatingWebhookConfiguration osm-validator-mesh-osm -o json | jq -r '.webhooks[0].clientConfig.caBundle' | wc -c`,
      `kubectl get MutatingWebhookConfiguration arc-osm-webhook-osm -o json | jq -r '.webhooks[0].clientConfig.caBundle' | wc -c`,
    ]) {
      const r = await k.shell(cmd);
      expect(r.stdout.trim()).toBe('1845');
    }
  });

  it('finds the MeshConfig by its short name and prints it as YAML', async () => {
    expect(rows(await ok(['get', 'meshconfig', 'osm-mesh-config', '-n', 'arc-osm-system']))).toEqual([
      ['NAME', 'AGE'],
      ['osm-mesh-config', '70m'],
    ]);
    const yaml = await ok(['get', 'meshconfig', 'osm-mesh-config', '-n', 'arc-osm-system', '-o', 'yaml']);
    expect(yaml).toMatch(/^apiVersion: config\.openservicemesh\.io\/v1alpha1\nkind: MeshConfig\n/);
    expect(yaml).toContain('    enablePermissiveTrafficPolicyMode: true');
    expect(yaml).toContain('  resourceVersion: "2494"');
  });

  it('prints the bookbuyer namespace annotations and labels through jq', async () => {
    const a = await k.shell(`kubectl get namespace bookbuyer -o json | jq '.metadata.annotations'`);
    expect(JSON.parse(a.stdout)).toEqual({ 'openservicemesh.io/sidecar-injection': 'enabled' });
    const l = await k.shell(`kubectl get namespace bookbuyer -o json | jq '.metadata.labels'`);
    expect(JSON.parse(l.stdout)).toMatchObject({ 'openservicemesh.io/monitored-by': 'osm' });
  });

  it('lists the CRDs with CREATED AT and the SMI versions loop of the guide', async () => {
    const crds = rows(await ok(['get', 'crds']));
    expect(crds[0]).toEqual(['NAME', 'CREATED AT']);
    expect(crds.map((r) => r[0])).toContain('traffictargets.access.smi-spec.io');
    const loop = await k.shell(`for x in $(kubectl get crds --no-headers | awk '{print $1}' | grep 'smi-spec.io'); do
    kubectl get crd $x -o json | jq -r '(.metadata.name, "----" , .spec.versions[].name, "\\n")'
done`);
    expect(loop.code).toBe(0);
    expect(loop.stdout).toContain('traffictargets.access.smi-spec.io\n----\nv1alpha3\nv1alpha2\nv1alpha1\n');
    expect(loop.stdout).toContain('tcproutes.specs.smi-spec.io\n----\nv1alpha4\n');
  });

  it('prints the addon-token-adapter error of the AMA section with -c', async () => {
    const r = await k.kubectl(['-n', 'kube-system', 'logs', 'ama-logs-rs-6d8c9f7b5d-x2k4q', '-c', 'addon-token-adapter']);
    expect(r.stdout).toContain("can't initialize iptables table `nat': Table does not exist");
  });
});
