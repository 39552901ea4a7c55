// meshconfig.ts: the guide's table of MeshConfig keys, its types, the per-release defaults and the merge patches.
import { describe, expect, it } from 'vitest';
import {
  MESH_CONFIG_FIELDS,
  defaultFor,
  fieldValue,
  hasType,
  intendedValue,
  mergePatchFor,
  parseDuration,
  patchCommand,
  sameValue,
  zeroValue,
} from '../../../src/checks/osm/meshconfig.js';
import { parseVersion } from '../../../src/checks/shared/versions.js';

const install = (version?: string, namespace = 'arc-osm-system') => ({ present: true, namespace, meshName: 'osm', version: parseVersion(version) });
const field = (path: string) => MESH_CONFIG_FIELDS.find((f) => f.path === path)!;

describe('MeshConfig defaults per release', () => {
  const egress = field('spec.traffic.enableEgress');
  const permissive = field('spec.traffic.enablePermissiveTrafficPolicyMode');
  it.each([
    ['v1.0.0', 'arc-osm-system', false, true],
    ['v1.1.1', 'arc-osm-system', false, true],
    ['v1.2.6', 'arc-osm-system', true, true],
    ['v1.3.0', 'arc-osm-system', true, true],
    [undefined, 'arc-osm-system', false, true],
    ['v2.0.0', 'arc-osm-system', false, true],
    // Upstream OSM (not the Arc extension): permissive mode off before v1.2.
    ['v1.0.0', 'osm-system', false, false],
    ['v1.1.4', 'osm-system', false, false],
    ['v1.2.4', 'osm-system', true, true],
    [undefined, 'osm-system', false, true],
  ])('OSM %s in %s: egress %s, permissive %s', (version, namespace, e, p) => {
    expect([defaultFor(egress, install(version, namespace)), defaultFor(permissive, install(version, namespace))]).toEqual([e, p]);
  });

  it('tabulates the guide\'s keys with their types and defaults', () => {
    expect(MESH_CONFIG_FIELDS.map((f) => [f.path, f.type, defaultFor(f, install('v1.0.0'))])).toEqual([
      ['spec.traffic.enableEgress', 'bool', false],
      ['spec.traffic.enablePermissiveTrafficPolicyMode', 'bool', true],
      ['spec.traffic.outboundPortExclusionList', 'int-array', []],
      ['spec.traffic.outboundIPRangeExclusionList', 'string-array', []],
      ['spec.traffic.inboundPortExclusionList', 'int-array', []],
      ['spec.certificate.serviceCertValidityDuration', 'duration', '24h'],
      ['spec.observability.enableDebugServer', 'bool', false],
      ['spec.observability.osmLogLevel', 'string', 'info'],
      ['spec.observability.tracing.enable', 'bool', false],
      ['spec.sidecar.enablePrivilegedInitContainer', 'bool', false],
      ['spec.sidecar.logLevel', 'string', 'error'],
      ['spec.featureFlags.enableWASMStats', 'bool', true],
      ['spec.featureFlags.enableEgressPolicy', 'bool', true],
      ['spec.featureFlags.enableMulticlusterMode', 'bool', false],
      ['spec.featureFlags.enableSnapshotCacheMode', 'bool', false],
      ['spec.featureFlags.enableAsyncProxyServiceMapping', 'bool', false],
      ['spec.featureFlags.enableIngressBackendPolicy', 'bool', true],
      ['spec.featureFlags.enableEnvoyActiveHealthChecks', 'bool', false],
    ]);
  });
});

describe('reading and typing MeshConfig values', () => {
  const mc = { apiVersion: 'v', kind: 'MeshConfig', metadata: { name: 'm' }, spec: { a: { b: 1, n: null, list: [{ c: 1 }], s: 'x' } } };
  it.each([
    ['spec.a.b', { present: true, value: 1 }],
    ['spec.a.n', { present: false }],
    ['spec.a.missing', { present: false }],
    ['spec.a.list.0', { present: false }],
    ['spec.a.s.length', { present: false }],
    ['spec.x.y', { present: false }],
    ['spec.a', { present: true, value: mc.spec.a }],
  ])('fieldValue %s', (path, expected) => {
    expect(fieldValue(mc, path)).toEqual(expected);
  });

  it.each([
    ['bool', true, true], ['bool', 'true', false], ['bool', 0, false],
    ['string', 'info', true], ['string', '', true], ['string', 1, false],
    ['duration', '24h', true], ['duration', '1h30m', true], ['duration', '1 day', false], ['duration', 86400, false],
    ['int-array', [], true], ['int-array', [80, 443], true], ['int-array', [80, '443'], false], ['int-array', [1.5], false], ['int-array', 80, false],
    ['string-array', [], true], ['string-array', ['10.0.0.0/8'], true], ['string-array', ['10.0.0.0/8', 1], false], ['string-array', '10.0.0.0/8', false],
  ] as const)('hasType %s %j is %s', (type, value, ok) => {
    expect(hasType(value, type)).toBe(ok);
  });

  it('reads Go durations in milliseconds, undefined when they do not parse', () => {
    expect(['0', '24h', '24h0m0s', '1h30m', '1.5h', '90s', '250ms', '2m', '', '10', 'h', '1d', '1h ', ' 1h', '1hh', '-1h'].map(parseDuration)).toEqual([
      0, 86_400_000, 86_400_000, 5_400_000, 5_400_000, 90_000, 250, 120_000, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    ]);
  });

  it('compares durations by length and everything else by JSON', () => {
    expect(sameValue('24h', '1440m', 'duration')).toBe(true);
    expect(sameValue('24h', '23h', 'duration')).toBe(false);
    expect(sameValue('24h', '1440m', 'string')).toBe(false);
    expect(sameValue(24, '24h', 'duration')).toBe(false);
    expect(sameValue([1, 2], [1, 2], 'int-array')).toBe(true);
    expect(sameValue([1, 2], [2, 1], 'int-array')).toBe(false);
  });

  it('gives Go\'s zero values for absent keys', () => {
    expect(['bool', 'string', 'duration', 'int-array', 'string-array'].map((t) => zeroValue(t as never))).toEqual([false, '', '', [], []]);
  });

  it('builds the merge patch and the kubectl command', () => {
    expect(mergePatchFor('spec.observability.osmLogLevel', 'info')).toEqual({ spec: { observability: { osmLogLevel: 'info' } } });
    expect(mergePatchFor('spec', [])).toEqual({ spec: [] });
    expect(patchCommand(install(undefined, 'osm-system'), { spec: { a: true } })).toBe(`kubectl patch meshconfig osm-mesh-config -n osm-system -p '{"spec":{"a":true}}' --type=merge`);
  });

  it('takes "true"/"false" for the boolean they spell, anything else for the default', () => {
    const wasm = field('spec.featureFlags.enableWASMStats');
    const level = field('spec.observability.osmLogLevel');
    expect([intendedValue('true', wasm, install()), intendedValue('false', wasm, install()), intendedValue('False', wasm, install()), intendedValue(1, wasm, install())]).toEqual([true, false, true, true]);
    expect(intendedValue('true', level, install())).toBe('info');
    expect(intendedValue('false', field('spec.traffic.enableEgress'), install('v1.2.6'))).toBe(false);
    expect(intendedValue('no', field('spec.traffic.enableEgress'), install('v1.2.6'))).toBe(true);
  });
});
