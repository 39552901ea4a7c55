import { describe, expect, it } from 'vitest';
import OSM016 from '../../../src/checks/osm/OSM016-envoy-image.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { edited, meshConfig, obj, podOfApp } from './mesh-fixtures.js';

const envoyOf = (pod: KubeObject) => pod.spec.containers.find((c: { name: string }) => c.name === 'envoy');
const OLD = 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.19.3';

describe('OSM016 Envoy image drift', () => {
  it.each(['healthy-v1.2', 'healthy-v1.1', 'guide-healthy'])('passes on %s', (name) => {
    expect(runOne(OSM016, edited(() => undefined, name)).status).toBe('pass');
  });

  it('warns naming the pod still on the pre-upgrade Envoy, expecting the injector default', () => {
    const r = runOne(OSM016, edited((o) => void (envoyOf(podOfApp(o, 'bookstore')).image = OLD)));
    expect(r.status).toBe('warn');
    expect(r.message).toContain(`Deployment bookstore/bookstore: Envoy ${OLD} on bookstore-5cf6d9f9d7-p4kzn, expected mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7`);
    expect(r.remediation?.commands).toEqual(['kubectl rollout restart deployment bookstore -n bookstore']);
    expect(r.remediation?.text).toContain('https://docs.openservicemesh.io/docs/guides/upgrade/');
  });

  it('prefers MeshConfig spec.sidecar.envoyImage over the injector default', () => {
    const r = runOne(OSM016, edited((o) => void (meshConfig(o).spec.sidecar.envoyImage = OLD)));
    expect(r.status).toBe('warn');
    expect(r.evidence[0].expected).toContain('spec.sidecar.envoyImage');
  });

  it('falls back to the osm-arc default of the release when the injector is not in the snapshot', () => {
    const r = runOne(OSM016, edited((o) => {
      o.splice(o.indexOf(obj(o, 'Deployment', 'osm-injector', 'arc-osm-system')), 1);
      envoyOf(podOfApp(o, 'bookbuyer')).image = OLD;
    }));
    expect(r.status).toBe('warn');
    expect(r.evidence[0].expected).toContain('chart default of OSM v1.2.6');
  });

  it('treats docker.io spellings of the same image as one', () => {
    const r = runOne(OSM016, edited((o) => {
      for (const d of o.filter((x) => x.kind === 'Deployment' && x.metadata.name === 'osm-injector')) {
        const env = d.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'OSM_DEFAULT_ENVOY_IMAGE');
        env.value = 'envoyproxy/envoy:v1.26.7';
      }
      envoyOf(podOfApp(o, 'bookbuyer')).image = 'docker.io/envoyproxy/envoy:v1.26.7';
      envoyOf(podOfApp(o, 'bookstore')).image = 'envoyproxy/envoy:v1.26.7';
    }));
    expect(r.status).toBe('pass');
  });
});

describe('OSM016 on Windows pods', () => {
  it("compares a Windows pod's sidecar with the injector's Windows default, not the Linux image", () => {
    const r = runOne(OSM016, edited((o) => {
      const pod = podOfApp(o, 'bookstore');
      pod.spec.nodeSelector = { 'kubernetes.io/os': 'windows' };
      envoyOf(pod).image = 'envoyproxy/envoy-windows:v1.22.1@sha256:92733f8e5beae5c45df204a0e13edbd29e99adf962d1b1c7869b197d85c64bd0';
    }));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('1 Windows Envoy sidecar(s)');
  });
});
