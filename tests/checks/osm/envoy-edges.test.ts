// envoy.ts on hand-made shapes: a MeshConfig or injector Deployment cut short at each level, blank and padded
// values, an injector found by its label only, env lists with nulls and other names.
import { describe, expect, it } from 'vitest';
import { configuredEnvoyImage } from '../../../src/checks/osm/envoy.js';
import type { OsmInstall } from '../../../src/checks/osm/install.js';
import { parseVersion } from '../../../src/checks/shared/versions.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';

const NS = 'arc-osm-system';
const IMAGE = 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7';
const CHART = { image: IMAGE, source: 'the chart default of OSM v1.2.6' };
const FROM_ENV = { image: 'envoyproxy/envoy:v1.22.2', source: `Deployment ${NS}/osm-injector env OSM_DEFAULT_ENVOY_IMAGE` };
const install: OsmInstall = { present: true, namespace: NS, meshName: 'osm', version: parseVersion('v1.2.6') };
const meshConfig = (rest: Record<string, unknown>): KubeObject => ({ apiVersion: 'config.openservicemesh.io/v1alpha2', kind: 'MeshConfig', metadata: { name: 'osm-mesh-config', namespace: NS }, ...rest } as KubeObject);
const injector = (rest: Record<string, unknown>, name = 'osm-injector', labels: Record<string, string> = { app: 'osm-injector' }): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS, labels }, ...rest } as KubeObject);
const withEnv = (env: unknown) => ({ spec: { template: { spec: { containers: [{ name: 'osm-injector', env }] } } } });

describe('configuredEnvoyImage on a MeshConfig cut short', () => {
  it.each([
    ['no MeshConfig', []],
    ['a MeshConfig without spec', [meshConfig({})]],
    ['a spec without sidecar', [meshConfig({ spec: {} })]],
    ['a blank envoyImage', [meshConfig({ spec: { sidecar: { envoyImage: '  ' } } })]],
    ['an envoyImage that is no string', [meshConfig({ spec: { sidecar: { envoyImage: 7 } } })]],
  ])('%s: the chart default', (_name, objects) => {
    expect(configuredEnvoyImage(snapshotOf(objects as KubeObject[]), install)).toEqual(CHART);
  });

  it('trims the MeshConfig value', () => {
    expect(configuredEnvoyImage(snapshotOf([meshConfig({ spec: { sidecar: { envoyImage: ` ${IMAGE} ` } } })]), install)).toEqual({ image: IMAGE, source: `MeshConfig ${NS}/osm-mesh-config spec.sidecar.envoyImage` });
  });
});

describe('configuredEnvoyImage on an injector Deployment cut short', () => {
  it.each([
    ['no spec', injector({})],
    ['spec without template', injector({ spec: {} })],
    ['template without spec', injector({ spec: { template: {} } })],
    ['a null container', injector({ spec: { template: { spec: { containers: [null] } } } })],
    ['env with a null entry and other names', injector(withEnv([null, { name: 'OSM_DEFAULT_ENVOY_WINDOWS_IMAGE', value: 'envoyproxy/envoy-windows:v1.22.2' }]))],
    ['env value that is no string', injector(withEnv([{ name: 'OSM_DEFAULT_ENVOY_IMAGE', value: 3 }]))],
  ])('%s: the chart default', (_name, dep) => {
    expect(configuredEnvoyImage(snapshotOf([dep]), install)).toEqual(CHART);
  });

  it('trims the env value, and finds the injector by its app label under another name', () => {
    expect(configuredEnvoyImage(snapshotOf([injector(withEnv([{ name: 'OSM_DEFAULT_ENVOY_IMAGE', value: ' envoyproxy/envoy:v1.22.2 ' }]))]), install)).toEqual(FROM_ENV);
    expect(configuredEnvoyImage(snapshotOf([injector(withEnv([{ name: 'OSM_DEFAULT_ENVOY_IMAGE', value: 'envoyproxy/envoy:v1.22.2' }]), 'arc-osm-injector')]), install)).toEqual(FROM_ENV);
    // The name wins over the label: a Deployment named osm-injector without the label.
    const named = injector(withEnv([{ name: 'OSM_DEFAULT_ENVOY_IMAGE', value: 'envoyproxy/envoy:v1.22.2' }]), 'osm-injector', {});
    const labelled = injector(withEnv([{ name: 'OSM_DEFAULT_ENVOY_IMAGE', value: 'envoyproxy/envoy:v1.19.3' }]), 'other-injector');
    expect(configuredEnvoyImage(snapshotOf([labelled, named]), install)).toEqual(FROM_ENV);
  });

  it('has nothing for Windows without a Windows image, and nothing without a version', () => {
    expect(configuredEnvoyImage(snapshotOf([]), install, 'windows')).toBeUndefined();
    expect(configuredEnvoyImage(snapshotOf([]), { ...install, version: undefined })).toBeUndefined();
  });
});
