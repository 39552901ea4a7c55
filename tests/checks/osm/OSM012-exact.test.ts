// OSM012 exactly: when absence is real, the missing MeshConfig, each type's finding and merge patch, the notes and the
// opt-in resets (fix actions with target, patch type and exact patch), per release.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import OSM012 from '../../../src/checks/osm/OSM012-mesh-config.js';
import type { CheckOutcome } from '../../../src/checks/define.js';
import { R } from '../../../src/snapshot/resources.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { meshBase, meshConfig, obj } from './mesh-fixtures.js';

const REF = 'config.openservicemesh.io/v1alpha2/MeshConfig arc-osm-system/osm-mesh-config';
const OBJ = { apiVersion: 'config.openservicemesh.io/v1alpha2', kind: 'MeshConfig', namespace: 'arc-osm-system', name: 'osm-mesh-config' };
const TARGET = OBJ;
const PATCH = (p: unknown) => `kubectl patch meshconfig osm-mesh-config -n arc-osm-system -p '${JSON.stringify(p)}' --type=merge`;
const REMEDIATION = 'Set each mistyped key to a value of the type the MeshConfig CRD declares (booleans unquoted).';
const PASS = `${REF} found; every tabulated key has its default`;
const log = (text: string) => ({ namespace: 'arc-osm-system', pod: 'osm-injector-5d8f7c9b6d-8xk2p', container: 'osm-injector', previous: false, text });
const INJECTOR_LOG = readFileSync(fileURLToPath(new URL('../../fixtures/osm/logs/injector-meshconfig-missing.log', import.meta.url)), 'utf8');

function run(edit: (o: KubeObject[]) => KubeObject[] | void, name = 'healthy-v1.2', parts = {}): CheckOutcome {
  const o = meshBase(name);
  return OSM012.run(snapshotOf(edit(o) ?? o, parts), { now: NOW, catalog: [] });
}
const setKey = (path: string, value: unknown) => (o: KubeObject[]) => {
  const keys = path.split('.');
  let cur = meshConfig(o) as Record<string, any>;
  for (const k of keys.slice(0, -1)) cur = cur[k] ??= {};
  cur[keys.at(-1)!] = value;
};
const mergePatch = (path: string, value: unknown) => path.split('.').reverse().reduce<unknown>((inner, k) => ({ [k]: inner }), value);
const noMeshConfig = (o: KubeObject[]) => o.filter((x) => x.kind !== 'MeshConfig');

describe('OSM012 when there is no MeshConfig', () => {
  const MISSING = {
    status: 'fail',
    message: 'MeshConfig osm-mesh-config not found in arc-osm-system: the control plane runs on built-in defaults or fails to start',
    evidence: [{ ref: REF, path: 'metadata.name', observed: 'not found', expected: 'osm-mesh-config' }],
    remediation: {
      text: 'osm-bootstrap creates osm-mesh-config from the ConfigMap preset-mesh-config when it starts; check that ConfigMap, then restart osm-bootstrap.',
      commands: ['kubectl get meshconfig -A', 'kubectl get configmap preset-mesh-config -n arc-osm-system', 'kubectl rollout restart deployment osm-bootstrap -n arc-osm-system'],
    },
  };
  const NOT_COLLECTED = { status: 'error', message: 'the snapshot was collected without MeshConfig objects, so whether they exist cannot be told; add the output of `kubectl get meshconfig -A -o yaml`' };
  const noCrds = (o: KubeObject[]) => noMeshConfig(o).filter((x) => x.kind !== 'CustomResourceDefinition');

  it('fails exactly when the CRDs were dumped and it is absent', () => {
    expect(run(noMeshConfig)).toEqual(MISSING);
  });
  it('fails when MeshConfigs were read whole (collect) and none is there', () => {
    expect(run(noCrds, 'healthy-v1.2', { completeTypes: [R.MeshConfig] })).toEqual(MISSING);
  });
  it('fails when another MeshConfig exists but not osm-mesh-config', () => {
    expect(run((o) => void (meshConfig(o).metadata.name = 'custom-mesh-config'))).toEqual(MISSING);
  });
  it('fails when another MeshConfig exists and no CRD was dumped: MeshConfigs were', () => {
    expect(run((o) => {
      meshConfig(o).metadata.name = 'custom-mesh-config';
      return o.filter((x) => x.kind !== 'CustomResourceDefinition');
    })).toEqual(MISSING);
  });
  it('ends in error when a collected snapshot did not read MeshConfigs', () => {
    expect(run(noMeshConfig, 'healthy-v1.2', { completeTypes: [R.Pod] })).toEqual(NOT_COLLECTED);
  });
  it('ends in error for a hand-made snapshot with neither MeshConfigs nor CRDs', () => {
    expect(run(noCrds)).toEqual(NOT_COLLECTED);
  });
  it('believes the absence when a component logs that the MeshConfig does not exist (osm-injector, osm#3915)', () => {
    expect(run(noCrds, 'healthy-v1.2', { logs: [log(INJECTOR_LOG)] })).toEqual(MISSING);
    expect(run(noCrds, 'healthy-v1.2', { logs: [log('{"level":"info","message":"MeshConfig osm-mesh-config loaded"}')] })).toEqual(NOT_COLLECTED);
  });
});

describe('OSM012 mistyped keys', () => {
  const cases: Array<[string, unknown, string, unknown, string]> = [
    ['spec.featureFlags.enableWASMStats', 'false', '"false" (string)', false, 'boolean (true/false, unquoted)'],
    ['spec.traffic.enableEgress', 'yes', '"yes" (string)', true, 'boolean (true/false, unquoted)'],
    ['spec.observability.tracing.enable', 0, '0 (number)', false, 'boolean (true/false, unquoted)'],
    ['spec.sidecar.logLevel', ['error'], '["error"] (array)', 'error', 'string'],
    ['spec.observability.osmLogLevel', { level: 'info' }, '{"level":"info"} (object)', 'info', 'string'],
    ['spec.certificate.serviceCertValidityDuration', '1 day', '"1 day" (string)', '24h', 'duration string such as "24h"'],
    ['spec.traffic.outboundPortExclusionList', ['6379'], '["6379"] (array)', [], 'array of port numbers'],
    ['spec.traffic.inboundPortExclusionList', 8080, '8080 (number)', [], 'array of port numbers'],
    ['spec.traffic.outboundIPRangeExclusionList', [10], '[10] (array)', [], 'array of CIDR strings'],
  ];
  it.each(cases)('fails %s = %j with the merge patch to the value it meant', (path, value, shown, fixed, type) => {
    const r = run(setKey(path, value));
    const observed = JSON.stringify(value);
    const message = `${path} is ${shown}, expected a ${type}`;
    const evidence = [{ ref: REF, path, observed, expected: type }];
    const commands = [PATCH(mergePatch(path, fixed))];
    const fixes = [{ title: `Set ${path} to ${JSON.stringify(fixed)} (a ${type}, was ${observed})`, target: TARGET, patchType: 'merge', patch: mergePatch(path, fixed) }];
    expect(r).toEqual({ status: 'fail', message, evidence, remediation: { text: REMEDIATION, commands }, findings: [{ status: 'fail', object: OBJ, message, evidence, commands, fixes }], fixes, notes: [] });
  });

  it('reports two mistyped keys in table order, with no note for either', () => {
    const r = run((o) => {
      setKey('spec.featureFlags.enableEgressPolicy', 'true')(o);
      setKey('spec.traffic.enablePermissiveTrafficPolicyMode', 'true')(o);
    });
    expect(r.message).toBe('2 problems: spec.traffic.enablePermissiveTrafficPolicyMode is "true" (string), expected a boolean (true/false, unquoted); and 1 more');
    expect(r.notes).toEqual([]);
    expect(r.fixes?.map((f) => ('patch' in f ? f.patch : undefined))).toEqual([{ spec: { traffic: { enablePermissiveTrafficPolicyMode: true } } }, { spec: { featureFlags: { enableEgressPolicy: true } } }]);
  });
});

describe('OSM012 non-default values: notes and opt-in resets', () => {
  const reset = (path: string, def: unknown, was: string, release = 'the Arc extension, OSM v1.2.6') => ({
    title: `Reset ${path} to the default ${JSON.stringify(def)} of ${release} (was ${was})`,
    target: TARGET,
    patchType: 'merge',
    patch: mergePatch(path, def),
    optIn: path,
  });

  it('passes with one note and one opt-in reset, counting it in the message', () => {
    const r = run(setKey('spec.observability.osmLogLevel', 'debug'));
    expect(r).toEqual({
      status: 'pass',
      message: `${REF} found; 1 value(s) differ from the defaults (see notes)`,
      notes: [`spec.observability.osmLogLevel is "debug", default "info"; to restore: ${PATCH({ spec: { observability: { osmLogLevel: 'info' } } })}`],
      evidence: undefined,
      fixes: [reset('spec.observability.osmLogLevel', 'info', '"debug"')],
    });
  });

  it('notes an absent key by the zero value OSM reads, when that differs from the default', () => {
    const r = run((o) => void delete meshConfig(o).spec.featureFlags.enableWASMStats);
    expect(r.message).toBe(`${REF} found; 1 value(s) differ from the defaults (see notes)`);
    expect(r.notes).toEqual([`spec.featureFlags.enableWASMStats is absent (OSM reads false), default true; to restore: ${PATCH({ spec: { featureFlags: { enableWASMStats: true } } })}`]);
    expect(r.fixes).toEqual([reset('spec.featureFlags.enableWASMStats', true, 'absent')]);
  });

  it('notes a null key as absent; a whole section missing as each of its keys', () => {
    const r = run((o) => void (meshConfig(o).spec.certificate = null));
    expect(r.notes).toEqual([`spec.certificate.serviceCertValidityDuration is absent (OSM reads ""), default "24h"; to restore: ${PATCH({ spec: { certificate: { serviceCertValidityDuration: '24h' } } })}`]);
  });

  it('names the release\'s default and the guide\'s where they differ (egress on v1.2)', () => {
    const r = run(setKey('spec.traffic.enableEgress', false));
    expect(r.notes).toEqual([`spec.traffic.enableEgress is false, default true for the Arc extension, OSM v1.2.6; the guide's table says false; to restore: ${PATCH({ spec: { traffic: { enableEgress: true } } })}`]);
    expect(r.fixes).toEqual([reset('spec.traffic.enableEgress', true, 'false')]);
  });

  it('follows the guide on v1.1, where egress is off by default', () => {
    const r = run(setKey('spec.traffic.enableEgress', true), 'healthy-v1.1');
    const REF11 = `${obj(meshBase('healthy-v1.1'), 'MeshConfig', 'osm-mesh-config').apiVersion}/MeshConfig arc-osm-system/osm-mesh-config`;
    expect(r.message).toBe(`${REF11} found; 1 value(s) differ from the defaults (see notes)`);
    expect(r.notes).toEqual([`spec.traffic.enableEgress is true, default false; to restore: ${PATCH({ spec: { traffic: { enableEgress: false } } })}`]);
    expect(r.fixes?.map((f) => f.title)).toEqual(['Reset spec.traffic.enableEgress to the default false of the Arc extension, OSM v1.1.1 (was true)']);
  });

  it('says the version is unknown when no controller image or extension names it', () => {
    const r = run((o) => {
      setKey('spec.sidecar.logLevel', 'debug')(o);
      return o.filter((x) => !(x.kind === 'Deployment' && x.metadata.name === 'osm-controller'));
    });
    // Unknown release: the guide's defaults, so v1.2's egress on is a note too.
    expect(r.fixes?.map((f) => f.title)).toEqual([
      'Reset spec.traffic.enableEgress to the default false of the Arc extension, OSM (version unknown) (was true)',
      'Reset spec.sidecar.logLevel to the default "error" of the Arc extension, OSM (version unknown) (was "debug")',
    ]);
  });

  it('keeps the fix of a mistyped key first, then the resets, and notes only the well-typed ones', () => {
    const r = run((o) => {
      setKey('spec.featureFlags.enableWASMStats', 'false')(o);
      setKey('spec.traffic.outboundPortExclusionList', [6379, 8080])(o);
      setKey('spec.observability.enableDebugServer', true)(o);
    });
    expect(r.status).toBe('fail');
    expect(r.notes).toHaveLength(2);
    expect(r.fixes?.map((f) => [f.title, 'optIn' in f ? f.optIn : undefined])).toEqual([
      ['Set spec.featureFlags.enableWASMStats to false (a boolean (true/false, unquoted), was "false")', undefined],
      ['Reset spec.traffic.outboundPortExclusionList to the default [] of the Arc extension, OSM v1.2.6 (was [6379,8080])', 'spec.traffic.outboundPortExclusionList'],
      ['Reset spec.observability.enableDebugServer to the default false of the Arc extension, OSM v1.2.6 (was true)', 'spec.observability.enableDebugServer'],
    ]);
  });

  it('passes the healthy MeshConfig of each release exactly, without fixes', () => {
    expect(run(() => undefined)).toEqual({ status: 'pass', message: PASS, notes: [], evidence: undefined });
  });
});
