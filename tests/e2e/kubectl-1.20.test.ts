// The oldest kubectl our users still run (Debian 12's kubernetes-client, 1.20): legacy discovery, no aggregated
// discovery, no container defaulting in `kubectl logs`. .ci/run unpacks it beside the project; without it, the
// suite fails with the command that installs it (a consumer that cannot be found is never a silent skip).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlEnv, rows, type KubectlEnv } from '../serve/serve-helpers.js';

const binary = resolve(process.env.ARCDOCTOR_KUBECTL_120 ?? '.ci/kubectl-1.20/usr/bin/kubectl');
const present = existsSync(binary);

it.runIf(!present)('kubectl 1.20 is present (Debian kubernetes-client, unpacked beside the project)', () => {
  throw new Error(`no kubectl 1.20 at ${binary}: run \`(cd /tmp && apt-get download kubernetes-client) && dpkg-deb -x /tmp/kubernetes-client_*.deb .ci/kubectl-1.20\`, or set ARCDOCTOR_KUBECTL_120`);
});

describe.skipIf(!present)('kubectl 1.20 against arcdoctor serve', () => {
  let k: KubectlEnv;
  beforeAll(async () => {
    k = await kubectlEnv({}, binary);
  });
  afterAll(async () => k?.close());

  it('is the 1.20 client', async () => {
    const r = await k.kubectl(['version', '--client', '--short']);
    expect(r.stdout).toContain('v1.20');
  });

  it('prints the guide deployment table (READY 1/1)', async () => {
    const r = await k.kubectl(['get', 'deployment', '-n', 'arc-osm-system', '--selector', 'app=osm-controller']);
    expect(r.code).toBe(0);
    expect(rows(r.stdout)[1].slice(0, 4)).toEqual(['osm-controller', '1/1', '1', '1']);
  });

  it('prints the controller service ports and endpoints as the guide shows them', async () => {
    const svc = await k.kubectl(['get', 'service', '-n', 'arc-osm-system', 'osm-controller']);
    expect(rows(svc.stdout)[1]).toContain('15128/TCP,9092/TCP');
    const ep = await k.kubectl(['get', 'endpoints', '-n', 'arc-osm-system', 'osm-controller']);
    expect(rows(ep.stdout)[1]).toContain('10.240.1.115:9092,10.240.1.115:15128');
  });

  it('reads a MeshConfig (a CRD kind) and its fields with -o json', async () => {
    const r = await k.kubectl(['get', 'meshconfig', 'osm-mesh-config', '-n', 'arc-osm-system', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).spec.sidecar.logLevel).toBe('error');
  });

  it('reads logs of a single-container pod without naming the container', async () => {
    const r = await k.kubectl(['logs', '-n', 'arc-osm-system', 'osm-injector-5986c57765-vlsdk', '--tail', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('patches the MeshConfig with a merge patch', async () => {
    const r = await k.kubectl(['patch', 'meshconfig', 'osm-mesh-config', '-n', 'arc-osm-system', '-p', '{"spec":{"sidecar":{"logLevel":"debug"}}}', '--type=merge']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('patched');
  });
});
