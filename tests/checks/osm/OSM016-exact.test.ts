// OSM016 exactly: the image the mesh is configured for (MeshConfig, injector env, chart default, most common), drift
// grouped by owner, restart fixes for workloads only, Windows sidecars (envoy.ts).
import { describe, expect, it } from 'vitest';
import OSM016 from '../../../src/checks/osm/OSM016-envoy-image.js';
import type { CheckOutcome } from '../../../src/checks/define.js';
import { configuredEnvoyImage, podOs, sameImage } from '../../../src/checks/osm/envoy.js';
import { osmInstall } from '../../../src/checks/osm/install.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { meshBase, meshConfig, obj, podOfApp } from './mesh-fixtures.js';

const OLD = 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.19.3';
const NEW = 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7';
const FROM_INJECTOR = 'Deployment arc-osm-system/osm-injector env OSM_DEFAULT_ENVOY_IMAGE';
const REMEDIATION = 'Sidecars keep the image they were injected with: after an OSM upgrade or a change of the Envoy image, restart the workloads so they are re-injected with the configured image. Follow the OSM upgrade guide: https://docs.openservicemesh.io/docs/guides/upgrade/';
const BOOKSTORE = 'bookstore-5cf6d9f9d7-p4kzn';
const BOOKBUYER = 'bookbuyer-7676c7fcfb-x8q2m';
const envoyOf = (pod: KubeObject) => pod.spec.containers.find((c: { name: string }) => c.name === 'envoy');
const ev = (ns: string, pod: string, image: string, expected: string) => ({ ref: `v1/Pod ${ns}/${pod}`, path: 'spec.containers[name=envoy].image', observed: image, expected });
const noInjector = (o: KubeObject[]) => o.filter((x) => !(x.kind === 'Deployment' && x.metadata.name === 'osm-injector'));
const noVersion = (o: KubeObject[]) => noInjector(o).filter((x) => !(x.kind === 'Deployment' && x.metadata.name === 'osm-controller'));
const secondPod = (o: KubeObject[], app: string, name: string) => {
  const p = structuredClone(podOfApp(o, app));
  p.metadata.name = name;
  o.push(p);
  return p;
};
function run(edit: (o: KubeObject[]) => KubeObject[] | void): CheckOutcome {
  const o = meshBase();
  return OSM016.run(snapshotOf(edit(o) ?? o), { now: NOW, catalog: [] });
}

describe('OSM016 exact outcomes', () => {
  it('passes naming the count, the image and where it comes from', () => {
    expect(run(() => undefined)).toEqual({ status: 'pass', message: `2 Envoy sidecar(s) run ${NEW} (${FROM_INJECTOR})`, evidence: undefined, notes: undefined });
  });

  it('warns a drifted Deployment with its evidence, rollout restart and restart fix', () => {
    const r = run((o) => void (envoyOf(podOfApp(o, 'bookstore')).image = OLD));
    const message = `Deployment bookstore/bookstore: Envoy ${OLD} on ${BOOKSTORE}, expected ${NEW}`;
    const evidence = [ev('bookstore', BOOKSTORE, OLD, `${NEW} (${FROM_INJECTOR})`)];
    const commands = ['kubectl rollout restart deployment bookstore -n bookstore'];
    const fixes = [{
      title: `Restart Deployment bookstore/bookstore so its pods are re-injected with Envoy ${NEW}`,
      target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bookstore', name: 'bookstore' },
      patchType: 'strategic',
      patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z' } } } } },
      notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
      waitFor: 'the rollout of Deployment bookstore/bookstore (kubectl rollout status deployment bookstore -n bookstore, or fix --wait)',
    }];
    expect(r).toEqual({
      status: 'warn', message, evidence, remediation: { text: REMEDIATION, commands },
      findings: [{ status: 'warn', object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bookstore', name: 'bookstore' }, message, evidence, commands, fixes }],
      fixes, notes: undefined,
    });
  });

  it('groups the pods of one owner by image', () => {
    const r = run((o) => {
      envoyOf(podOfApp(o, 'bookstore')).image = OLD;
      envoyOf(secondPod(o, 'bookstore', 'bs-2')).image = OLD;
      envoyOf(secondPod(o, 'bookstore', 'bs-3')).image = 'envoyproxy/envoy:v1.22.0';
    });
    expect(r.message).toBe(`Deployment bookstore/bookstore: Envoy ${OLD} on ${BOOKSTORE}, bs-2; envoyproxy/envoy:v1.22.0 on bs-3, expected ${NEW}`);
    expect(r.evidence?.map((e) => e.ref)).toEqual([`v1/Pod bookstore/${BOOKSTORE}`, 'v1/Pod bookstore/bs-2', 'v1/Pod bookstore/bs-3']);
    expect(r.fixes).toHaveLength(1);
  });

  it('asks to delete bare pods and pods of a Job, with no fix', () => {
    const r = run((o) => {
      const bare = podOfApp(o, 'bookbuyer');
      delete bare.metadata.ownerReferences;
      envoyOf(bare).image = OLD;
      const job = podOfApp(o, 'bookstore');
      job.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate', controller: true, uid: 'u' }];
      envoyOf(job).image = OLD;
    });
    expect(r.findings?.map((f) => [f.object, f.message, f.commands, f.fixes])).toEqual([
      [{ apiVersion: 'v1', kind: 'Pod', namespace: 'bookbuyer', name: BOOKBUYER }, `Pod bookbuyer/${BOOKBUYER}: Envoy ${OLD} on ${BOOKBUYER}, expected ${NEW}`, [`kubectl delete pod ${BOOKBUYER} -n bookbuyer`], undefined],
      [{ apiVersion: undefined, kind: 'Job', namespace: 'bookstore', name: 'migrate' }, `Job bookstore/migrate: Envoy ${OLD} on ${BOOKSTORE}, expected ${NEW}`, [`kubectl delete pod ${BOOKSTORE} -n bookstore`], undefined],
    ]);
    expect(r.fixes).toEqual([]);
  });

  it.each(['DaemonSet', 'StatefulSet'])('restarts a %s by its kind', (kind) => {
    const r = run((o) => {
      const p = podOfApp(o, 'bookstore');
      p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind, name: 'agent', controller: true, uid: 'u' }];
      envoyOf(p).image = OLD;
    });
    expect(r.findings?.[0].object).toEqual({ apiVersion: 'apps/v1', kind, namespace: 'bookstore', name: 'agent' });
    expect(r.remediation?.commands).toEqual([`kubectl rollout restart ${kind.toLowerCase()} agent -n bookstore`]);
    expect(r.fixes?.map((f) => ('target' in f ? f.target : undefined))).toEqual([{ apiVersion: 'apps/v1', kind, namespace: 'bookstore', name: 'agent' }]);
  });

  it('skips a pod whose containers are not a list', () => {
    expect(run((o) => void (podOfApp(o, 'bookstore').spec.containers = { name: 'envoy', image: OLD })).message).toBe(`1 Envoy sidecar(s) run ${NEW} (${FROM_INJECTOR})`);
  });

  it('compares nothing when no sidecar runs in the mesh: finished pods, pods outside it and envoys without an image do not count', () => {
    const r = run((o) => {
      podOfApp(o, 'bookstore').status.phase = 'Succeeded';
      delete envoyOf(podOfApp(o, 'bookbuyer')).image;
      const outside = secondPod(o, 'bookstore', 'outside');
      outside.metadata.namespace = 'default';
      envoyOf(outside).image = OLD;
    });
    expect(r).toEqual({ status: 'pass', message: 'No Envoy sidecar in the mesh osm to compare', evidence: undefined, notes: undefined });
  });

  it('ends in error without Namespaces or Pods', () => {
    expect(run((o) => o.filter((x) => x.kind !== 'Namespace')).status).toBe('error');
    expect(run((o) => o.filter((x) => x.kind !== 'Pod')).message).toContain('kubectl get pods -A -o yaml');
  });
});

describe('OSM016 where the expected image comes from', () => {
  it('takes MeshConfig spec.sidecar.envoyImage (trimmed) first', () => {
    const r = run((o) => void (meshConfig(o).spec.sidecar.envoyImage = ` ${OLD} `));
    expect(r.message).toBe(`2 problems: Deployment bookbuyer/bookbuyer: Envoy ${NEW} on ${BOOKBUYER}, expected ${OLD}; and 1 more`);
    expect(r.evidence?.[0].expected).toBe(`${OLD} (MeshConfig arc-osm-system/osm-mesh-config spec.sidecar.envoyImage)`);
  });

  it('ignores a blank MeshConfig image and finds the injector by its label when renamed', () => {
    const r = run((o) => {
      meshConfig(o).spec.sidecar.envoyImage = '  ';
      for (const d of o.filter((x) => x.kind === 'Deployment' && x.metadata.name === 'osm-injector')) d.metadata.name = 'osm-injector-renamed';
    });
    expect(r.message).toBe(`2 Envoy sidecar(s) run ${NEW} (${FROM_INJECTOR})`);
  });

  it('falls back to the chart default of the release, then to the image most sidecars run', () => {
    expect(run(noInjector).message).toBe(`2 Envoy sidecar(s) run ${NEW} (the chart default of OSM v1.2.6)`);
    const r = run((o) => {
      envoyOf(podOfApp(o, 'bookstore')).image = OLD;
      envoyOf(secondPod(o, 'bookstore', 'bs-2')).image = OLD;
      return noVersion(o);
    });
    expect(r.message).toBe(`Deployment bookbuyer/bookbuyer: Envoy ${NEW} on ${BOOKBUYER}, expected ${OLD}`);
    expect(r.evidence?.[0].expected).toBe(`${OLD} (the image most sidecars run (no configured image found))`);
  });

  it('breaks a tie between images by name', () => {
    const r = run((o) => {
      envoyOf(podOfApp(o, 'bookstore')).image = 'b-envoy:1';
      envoyOf(podOfApp(o, 'bookbuyer')).image = 'a-envoy:1';
      return noVersion(o);
    });
    expect(r.message).toBe('Deployment bookstore/bookstore: Envoy b-envoy:1 on bookstore-5cf6d9f9d7-p4kzn, expected a-envoy:1');
  });

  it('judges Windows sidecars apart, by the image most of them run when nothing is configured for Windows', () => {
    const r = run((o) => {
      const w = [podOfApp(o, 'bookstore'), secondPod(o, 'bookstore', 'win-2'), secondPod(o, 'bookstore', 'win-3')];
      w[0].spec.nodeSelector = { 'kubernetes.io/os': 'windows' };
      w[1].spec.os = { name: 'windows' };
      w[2].spec.os = { name: 'windows' };
      envoyOf(w[0]).image = 'envoyproxy/envoy-windows:v1.22.1';
      envoyOf(w[1]).image = 'envoyproxy/envoy-windows:v1.22.1';
      envoyOf(w[2]).image = 'envoyproxy/envoy-windows:v1.19.1';
      return noInjector(o);
    });
    expect(r.message).toBe('Deployment bookstore/bookstore: Envoy envoyproxy/envoy-windows:v1.19.1 on win-3, expected envoyproxy/envoy-windows:v1.22.1');
    expect(r.evidence?.[0].expected).toBe('envoyproxy/envoy-windows:v1.22.1 (the image most Windows sidecars run (no configured image found))');
    const pass = run((o) => {
      podOfApp(o, 'bookstore').spec.os = { name: 'windows' };
      envoyOf(podOfApp(o, 'bookstore')).image = 'envoyproxy/envoy-windows:v1.22.1';
      meshConfig(o).spec.sidecar.envoyWindowsImage = 'envoyproxy/envoy-windows:v1.22.1';
    });
    expect(pass.message).toBe(`1 Envoy sidecar(s) run ${NEW} (${FROM_INJECTOR}); 1 Windows Envoy sidecar(s) run envoyproxy/envoy-windows:v1.22.1 (MeshConfig arc-osm-system/osm-mesh-config spec.sidecar.envoyWindowsImage)`);
  });
});

describe('envoy.ts', () => {
  const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
  it('reads the pod OS from its nodeSelector, then spec.os', () => {
    expect([podOs(pod({})), podOs(pod({ os: { name: 'windows' } })), podOs(pod({ nodeSelector: { 'kubernetes.io/os': 'windows' } })), podOs(pod({ nodeSelector: { 'kubernetes.io/os': 'linux' }, os: { name: 'windows' } })), podOs({ ...pod({}), spec: undefined })]).toEqual(['linux', 'windows', 'windows', 'linux', 'linux']);
  });

  it('finds the injector env in any container, skipping blank values, and nothing for Windows without it', () => {
    const o = meshBase();
    const dep = obj(o, 'Deployment', 'osm-injector', 'arc-osm-system');
    const env = dep.spec.template.spec.containers[0].env;
    dep.spec.template.spec.containers = [{ name: 'first', env: [{ name: 'OSM_DEFAULT_ENVOY_IMAGE', value: ' ' }] }, { name: 'osm-injector', env }];
    const snap = snapshotOf(o);
    const install = osmInstall(snap);
    expect(configuredEnvoyImage(snap, install)).toEqual({ image: NEW, source: FROM_INJECTOR });
    expect(configuredEnvoyImage(snap, install, 'windows')?.source).toBe('Deployment arc-osm-system/osm-injector env OSM_DEFAULT_ENVOY_WINDOWS_IMAGE');
    dep.spec.template.spec.containers = [{ name: 'osm-injector', env: 'x' }];
    expect(configuredEnvoyImage(snapshotOf(o), install, 'windows')).toBeUndefined();
    expect(configuredEnvoyImage(snapshotOf(o), install)).toEqual({ image: NEW, source: 'the chart default of OSM v1.2.6' });
    dep.spec.template.spec.containers = 'x';
    expect(configuredEnvoyImage(snapshotOf(noVersion(o)), { ...install, version: undefined })).toBeUndefined();
  });

  it('treats Docker Hub spellings of one image as the same, and nothing else', () => {
    expect(['envoyproxy/envoy:v1', 'docker.io/envoyproxy/envoy:v1', 'index.docker.io/envoyproxy/envoy:v1', ' envoyproxy/envoy:v1 '].every((i) => sameImage(i, 'envoyproxy/envoy:v1'))).toBe(true);
    expect(sameImage('docker.io/library/envoy:v1', 'envoy:v1')).toBe(true);
    expect(sameImage('mcr.microsoft.com/envoyproxy/envoy:v1', 'envoyproxy/envoy:v1')).toBe(false);
    expect(sameImage('envoyproxy/envoy:v1', 'envoyproxy/envoy:v2')).toBe(false);
  });
});
