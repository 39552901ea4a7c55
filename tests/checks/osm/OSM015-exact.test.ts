// OSM015 exactly: missing and unserved SMI CRDs, the server-side apply of the bundled CRD per release (create vs
// update), and releases whose CRD versions are unknown (presence only, no fix).
import { describe, expect, it } from 'vitest';
import OSM015 from '../../../src/checks/osm/OSM015-smi-crds.js';
import type { CheckOutcome } from '../../../src/checks/define.js';
import { SMI_CRDS, applyCommand, applyCrdFix, releaseBranch, servedVersions, versionsKnownFor } from '../../../src/checks/osm/smi.js';
import { SMI_MANIFESTS } from '../../../src/checks/osm/smi-manifests.js';
import { parseVersion } from '../../../src/checks/shared/versions.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { meshBase, obj } from './mesh-fixtures.js';

const TT = 'traffictargets.access.smi-spec.io';
const TS = 'trafficsplits.split.smi-spec.io';
const REMEDIATION = (b: string) => `Apply the SMI CRDs of ${b}, the release that is installed; the OSM release notes list CRD changes between releases.`;
const url = (b: string, file: string) => `kubectl apply -f https://raw.githubusercontent.com/openservicemesh/osm/${b}/cmd/osm-bootstrap/crds/${file}`;
const bundled = (line: string, file: string) => SMI_MANIFESTS[line].crds.find((c) => c.file === file)!.manifest;
const CRD_OBJ = (name: string) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name });

function run(edit: (o: KubeObject[]) => KubeObject[] | void, name = 'healthy-v1.2'): CheckOutcome {
  const o = meshBase(name);
  return OSM015.run(snapshotOf(edit(o) ?? o), { now: NOW, catalog: [] });
}
const without = (name: string) => (o: KubeObject[]) => o.filter((x) => x.metadata.name !== name);
const version = (v: string) => (o: KubeObject[]) => void (obj(o, 'Deployment', 'osm-controller', 'arc-osm-system').spec.template.spec.containers[0].image = `mcr.microsoft.com/oss/openservicemesh/osm-controller:${v}`);
const noController = (o: KubeObject[]) => o.filter((x) => !(x.kind === 'Deployment' && x.metadata.name === 'osm-controller'));
const crd = (o: KubeObject[], name: string) => obj(o, 'CustomResourceDefinition', name);

describe('OSM015 exact outcomes', () => {
  it('passes naming each served version and the release', () => {
    expect(run(() => undefined)).toEqual({ status: 'pass', message: 'HTTPRouteGroup v1alpha4, TCPRoute v1alpha4, TrafficTarget v1alpha3, TrafficSplit v1alpha2 served, as OSM v1.2.6 (release-v1.2) expects', evidence: undefined, notes: undefined });
  });

  it('fails a missing CRD, creating it from the bundled release-v1.2 manifest (not undoable)', () => {
    const r = run(without(TT));
    const message = `CRD ${TT} (TrafficTarget) is missing`;
    const evidence = [{ ref: `apiextensions.k8s.io/v1/CustomResourceDefinition ${TT}`, path: 'metadata.name', observed: 'not found', expected: `${TT} serving v1alpha3` }];
    const commands = [url('release-v1.2', 'smi_traffic_access.yaml')];
    const fixes = [{
      title: `Create CRD ${TT} from OSM release-v1.2 (smi_traffic_access.yaml, openservicemesh/osm@826510089218), serving v1alpha3`,
      target: CRD_OBJ(TT), patchType: 'apply', patch: bundled('1.2', 'smi_traffic_access.yaml'),
      notUndoable: `a CRD fix creates is not removed by --undo (arcdoctor never deletes): kubectl delete crd ${TT}`,
    }];
    expect(r).toEqual({
      status: 'fail', message, evidence, remediation: { text: REMEDIATION('release-v1.2'), commands },
      findings: [{ status: 'fail', object: CRD_OBJ(TT), message, evidence, commands, fixes }], fixes, notes: undefined,
    });
  });

  it('fails a CRD that stopped serving the release\'s version, updating it in place (undoable)', () => {
    const r = run((o) => {
      for (const v of crd(o, TS).spec.versions) v.served = v.name === 'v1alpha4';
    });
    const message = `CRD ${TS} serves v1alpha4, not v1alpha2`;
    expect(r.message).toBe(message);
    expect(r.evidence).toEqual([{ ref: `apiextensions.k8s.io/v1/CustomResourceDefinition ${TS}`, path: 'spec.versions[*].served', observed: 'v1alpha4', expected: 'v1alpha2' }]);
    expect(r.findings?.[0].object).toMatchObject(CRD_OBJ(TS));
    expect(r.fixes).toEqual([{
      title: `Update CRD ${TS} from OSM release-v1.2 (smi_traffic_split.yaml, openservicemesh/osm@826510089218), serving v1alpha2`,
      target: CRD_OBJ(TS), patchType: 'apply', patch: bundled('1.2', 'smi_traffic_split.yaml'),
    }]);
  });

  it('fails a CRD serving nothing', () => {
    const r = run((o) => {
      for (const v of crd(o, TS).spec.versions) v.served = false;
    });
    expect(r.message).toBe(`CRD ${TS} serves no version, not v1alpha2`);
    expect(r.evidence?.[0]).toMatchObject({ observed: 'none', expected: 'v1alpha2' });
  });

  it('uses the bundled manifests and URLs of v1.0 and v1.1, counting two problems', () => {
    const r = run((o) => without(TT)(o).filter((x) => x.metadata.name !== TS), 'healthy-v1.1');
    expect(r.message).toBe(`2 problems: CRD ${TT} (TrafficTarget) is missing; and 1 more`);
    expect(r.remediation).toEqual({ text: REMEDIATION('release-v1.1'), commands: [url('release-v1.1', 'smi_traffic_access.yaml'), url('release-v1.1', 'smi_traffic_split.yaml')] });
    expect(r.fixes?.map((f) => [f.title, 'patch' in f && f.patch === undefined])).toEqual([
      [`Create CRD ${TT} from OSM release-v1.1 (smi_traffic_access.yaml, openservicemesh/osm@5cc73b89c89e), serving v1alpha3`, false],
      [`Create CRD ${TS} from OSM release-v1.1 (smi_traffic_split.yaml, openservicemesh/osm@5cc73b89c89e), serving v1alpha2`, false],
    ]);
    expect(run(without(TS), 'healthy-v1.0').fixes?.map((f) => 'patch' in f && f.patch)).toEqual([bundled('1.0', 'smi_traffic_split.yaml')]);
  });
});

describe('OSM015 on a release whose CRD versions are unknown', () => {
  it('checks presence only on v1.3, passing whatever versions are served', () => {
    const r = run((o) => {
      version('v1.3.0')(o);
      for (const v of crd(o, TS).spec.versions) v.served = true;
    });
    expect(r.message).toBe('HTTPRouteGroup v1alpha4, TCPRoute v1alpha4, TrafficTarget v1alpha3, TrafficSplit v1alpha4/v1alpha3/v1alpha2 served, as OSM v1.3.0: presence only expects');
  });

  it('fails a missing CRD with the release\'s URL and no fix', () => {
    const r = run((o) => {
      version('v1.3.0')(o);
      return without(TT)(o);
    });
    expect(r.evidence).toEqual([{ ref: `apiextensions.k8s.io/v1/CustomResourceDefinition ${TT}`, path: 'metadata.name', observed: 'not found', expected: TT }]);
    expect(r.remediation).toEqual({ text: REMEDIATION('release-v1.3'), commands: [url('release-v1.3', 'smi_traffic_access.yaml')] });
    expect(r.findings?.[0].fixes).toBeUndefined();
    expect(r.fixes).toEqual([]);
  });

  it('without a version, points at release-v1.2 and fails a CRD serving nothing', () => {
    const r = run((o) => {
      for (const v of crd(o, TS).spec.versions) v.served = false;
      return noController(o);
    });
    expect(r.message).toBe(`CRD ${TS} serves no version, not any version`);
    expect(r.evidence?.[0]).toMatchObject({ observed: 'none', expected: 'at least one served version' });
    expect(r.remediation).toEqual({ text: REMEDIATION('release-v1.2'), commands: [url('release-v1.2', 'smi_traffic_split.yaml')] });
    expect(r.fixes).toEqual([]);
    expect(run(noController).message).toBe('HTTPRouteGroup v1alpha4, TCPRoute v1alpha4, TrafficTarget v1alpha3, TrafficSplit v1alpha2 served, as OSM version unknown: presence only expects');
  });

  it('ends in error when the snapshot holds no CRD at all', () => {
    expect(run((o) => o.filter((x) => x.kind !== 'CustomResourceDefinition'))).toEqual({ status: 'error', message: 'the snapshot was collected without CustomResourceDefinition objects, so whether they exist cannot be told; add the output of `kubectl get crds -o yaml`' });
  });
});

describe('smi.ts', () => {
  const c = (spec: unknown) => ({ apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: TS }, spec });
  it('reads served versions from spec.versions (served unless false) or a v1beta1 spec.version', () => {
    expect(servedVersions(c({ versions: [{ name: 'a', served: true }, { name: 'b' }, { name: 'c', served: false }, null, { served: true }] }))).toEqual(['a', 'b']);
    expect(servedVersions(c({ version: 'v1alpha2', versions: [] }))).toEqual(['v1alpha2']);
    expect(servedVersions(c({ version: 'v1alpha2', versions: [{ name: 'v1alpha3', served: true }] }))).toEqual(['v1alpha3']);
    expect(servedVersions(c({ version: 2 }))).toEqual([]);
    expect(servedVersions(c(undefined))).toEqual([]);
  });

  it('knows the CRD versions of v1.0–v1.2 only, and which branch each file comes from', () => {
    expect(['v1.0.0', 'v1.1.1', 'v1.2.6', 'v1.3.0', 'v0.9.2', 'v2.0.0'].map((v) => versionsKnownFor(parseVersion(v)))).toEqual([true, true, true, false, false, false]);
    expect(versionsKnownFor(undefined)).toBe(false);
    expect([releaseBranch(parseVersion('v1.1.1')), releaseBranch(undefined)]).toEqual(['release-v1.1', 'release-v1.2']);
    expect(applyCommand(SMI_CRDS[0], parseVersion('v1.0.0'))).toBe(url('release-v1.0', 'smi_http_route_group.yaml'));
  });

  it('bundles each release\'s four CRDs, and makes no fix for a release it does not bundle', () => {
    for (const line of ['1.0', '1.1', '1.2']) expect(SMI_MANIFESTS[line].crds.map((x) => x.manifest.metadata.name)).toEqual(SMI_CRDS.map((x) => x.name));
    expect(applyCrdFix(SMI_CRDS[1], parseVersion('v1.3.0'), undefined)).toBeUndefined();
    expect(applyCrdFix(SMI_CRDS[1], undefined, undefined)).toBeUndefined();
    const fix = applyCrdFix(SMI_CRDS[1], parseVersion('v1.0.0'), undefined);
    expect(fix && 'patch' in fix ? fix.patch : undefined).not.toBe(bundled('1.0', 'smi_tcp_route.yaml'));
    expect(fix && 'patch' in fix ? fix.patch : undefined).toEqual(bundled('1.0', 'smi_tcp_route.yaml'));
  });
});
