// `arcdoctor fix` end to end on `arcdoctor serve` (issue #14): for each broken cluster, the check fails; `fix --dry-run`
// writes nothing without dryRun=All (serve's request log); `fix --yes` turns it to pass (FLUX002: warn until a
// reconcile) with the exact patch; `fix --undo` brings the failure back.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { find, fix, serve, statusOf, writesSince, type Served } from './scenarios.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.server.close();
  served = undefined;
});

interface Case {
  name: string;
  example: string;
  mutate: (objs: KubeObject[]) => void;
  check: string;
  fixed: 'pass' | 'warn';
  /** The paths `fix --yes` writes, in order (the exact patches are asserted in the checks' tests). */
  writes: string[];
}

const WEBHOOK = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/arc-osm-webhook-osm';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const MESHCONFIG = '/apis/config.openservicemesh.io/v1alpha2/namespaces/arc-osm-system/meshconfigs/osm-mesh-config';

const CASES: Case[] = [
  {
    // The guide's own featureFlags patch sends the string "false" (openservicemesh/osm's CRD wants a boolean).
    name: 'osm-meshconfig-drift-like',
    example: 'osm-healthy',
    mutate: (o) => {
      find(o, 'MeshConfig', 'osm-mesh-config').spec.featureFlags.enableWASMStats = 'false';
    },
    check: 'OSM012',
    fixed: 'pass',
    writes: [MESHCONFIG],
  },
  {
    name: 'wrong-webhook-service-like',
    example: 'osm-healthy',
    mutate: (o) => {
      const svc = find(o, 'MutatingWebhookConfiguration', 'arc-osm-webhook-osm').webhooks[0].clientConfig.service;
      delete svc.port;
      svc.path = '/mutate';
    },
    check: 'OSM010',
    fixed: 'pass',
    writes: [WEBHOOK],
  },
  {
    // OSM015's two cases at once: trafficsplits missing (the example), tcproutes left at an old served version.
    name: 'smi-crd-missing-like',
    example: 'osm-smi-crd-missing',
    mutate: (o) => {
      find(o, 'CustomResourceDefinition', 'tcproutes.specs.smi-spec.io').spec.versions[0].name = 'v1alpha3';
    },
    check: 'OSM015',
    fixed: 'pass',
    writes: [`${CRDS}/tcproutes.specs.smi-spec.io`, `${CRDS}/trafficsplits.split.smi-spec.io`],
  },
  {
    // The guide: arc-osm-system must never join the mesh; here it did, and the controller got an Envoy sidecar.
    name: 'sidecar-in-arc-osm-system-like',
    example: 'osm-healthy',
    mutate: (o) => {
      const ns = find(o, 'Namespace', 'arc-osm-system');
      ns.metadata.labels = { ...ns.metadata.labels, 'openservicemesh.io/monitored-by': 'osm' };
      ns.metadata.annotations = { ...ns.metadata.annotations, 'openservicemesh.io/sidecar-injection': 'enabled' };
      const pod = o.find((x) => x.kind === 'Pod' && x.metadata.name.startsWith('osm-controller-'))!;
      pod.spec.containers.push({ name: 'envoy', image: 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.25.6' });
    },
    check: 'OSM013',
    fixed: 'pass',
    writes: ['/api/v1/namespaces/arc-osm-system', '/apis/apps/v1/namespaces/arc-osm-system/deployments/osm-controller'],
  },
  {
    name: 'dry-run-webhook-like',
    example: 'flux-dry-run-webhook',
    mutate: () => {},
    check: 'FLUX002',
    fixed: 'warn',
    writes: [
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/couchbase-operator-couchbase-admission-controller',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps',
    ],
  },
];

describe('arcdoctor fix on serve, per broken cluster', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.check} fails; --dry-run writes only with dryRun=All; --yes makes it ${c.fixed}; --undo brings the failure back`, async () => {
      served = await serve(c.example, c.mutate);
      expect((await statusOf(served, c.check)).status).toBe('fail');
      const beforeDry = served.server.requests.length;
      const dry = await fix(served, { dryRun: true });
      expect(dry.code, dry.out + dry.err).toBe(0);
      const dryWrites = writesSince(served, beforeDry);
      expect(dryWrites.length).toBeGreaterThan(0);
      expect(dryWrites.filter((w) => !new URLSearchParams(w.query).getAll('dryRun').includes('All'))).toEqual([]);
      expect((await statusOf(served, c.check)).status).toBe('fail');

      const undo = join(served.dir, 'undo.json');
      const beforeApply = served.server.requests.length;
      const applied = await fix(served, { yes: true, undoOut: undo });
      expect(applied.code, applied.out + applied.err).toBe(0);
      expect(applied.out).toContain(`${c.check}: fail → ${c.fixed}`);
      const real = writesSince(served, beforeApply).filter((w) => !w.query.includes('dryRun'));
      expect(real.map((w) => w.path)).toEqual(c.writes);
      expect((await statusOf(served, c.check)).status).toBe(c.fixed);

      const back = await fix(served, { undo, yes: true });
      expect(back.code, back.out + back.err).toBe(0);
      expect((await statusOf(served, c.check)).status).toBe('fail');
    });
  }
});
