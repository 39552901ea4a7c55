import { describe, expect, it } from 'vitest';
import OSM012 from '../../../src/checks/osm/OSM012-mesh-config.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { edited, meshConfig, obj } from './mesh-fixtures.js';

const PATCH = "kubectl patch meshconfig osm-mesh-config -n arc-osm-system -p";

describe('OSM012 MeshConfig osm-mesh-config', () => {
  it.each(['healthy-v1.2', 'healthy-v1.1', 'healthy-v1.0', 'guide-healthy'])('passes on %s without notes', (name) => {
    const r = runOne(OSM012, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('every tabulated key has its default');
    expect(r.notes ?? []).toEqual([]);
  });

  it('fails when the MeshConfig is missing, pointing at osm-bootstrap', () => {
    const r = runOne(OSM012, edited((o) => o.filter((x) => x.kind !== 'MeshConfig')));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('osm-mesh-config not found in arc-osm-system');
    expect(r.remediation?.commands).toContain('kubectl rollout restart deployment osm-bootstrap -n arc-osm-system');
  });

  it('fails when a feature flag is the string the guide patches with, offering the boolean patch', () => {
    const r = runOne(OSM012, edited((o) => void (meshConfig(o).spec.featureFlags.enableWASMStats = 'true')));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('spec.featureFlags.enableWASMStats is "true" (string)');
    expect(r.remediation?.commands).toContain(`${PATCH} '{"spec":{"featureFlags":{"enableWASMStats":true}}}' --type=merge`);
  });

  it('fails when a port list is not an array of numbers', () => {
    const r = runOne(OSM012, edited((o) => void (meshConfig(o).spec.traffic.outboundPortExclusionList = '6379,8080')));
    expect(r.status).toBe('fail');
    expect(r.evidence[0].path).toBe('spec.traffic.outboundPortExclusionList');
  });

  it('lists a non-default osmLogLevel as a note with the patch at spec.observability (not under tracing)', () => {
    const r = runOne(OSM012, edited((o) => void (meshConfig(o).spec.observability.osmLogLevel = 'debug')));
    expect(r.status).toBe('pass');
    expect(r.notes).toHaveLength(1);
    expect(r.notes![0]).toContain(`${PATCH} '{"spec":{"observability":{"osmLogLevel":"info"}}}' --type=merge`);
  });

  it('notes several non-defaults but never warns', () => {
    const r = runOne(OSM012, edited((o) => {
      const mc = meshConfig(o);
      mc.spec.traffic.outboundPortExclusionList = [6379, 8080];
      mc.spec.observability.enableDebugServer = true;
    }));
    expect(r.status).toBe('pass');
    expect(r.notes).toHaveLength(2);
    expect(r.notes!.join('\n')).toContain('{"spec":{"traffic":{"outboundPortExclusionList":[]}}}');
  });

  it("treats egress off on OSM v1.2 as a note: v1.2's default is true, the guide's table says false", () => {
    const r = runOne(OSM012, edited((o) => void (meshConfig(o).spec.traffic.enableEgress = false)));
    expect(r.status).toBe('pass');
    expect(r.notes![0]).toContain("default true for the Arc extension, OSM v1.2.6; the guide's table says false");
  });

  it('treats absent keys as the zero value OSM reads, not as a type error', () => {
    const r = runOne(OSM012, edited((o) => void delete meshConfig(o).spec.featureFlags.enableMulticlusterMode, 'healthy-v1.0'));
    expect(r.status).toBe('pass');
    expect(r.notes ?? []).toEqual([]);
  });

  it('accepts an equivalent duration spelling', () => {
    const r = runOne(OSM012, edited((o: KubeObject[]) => void (meshConfig(o).spec.certificate.serviceCertValidityDuration = '24h0m0s')));
    expect(r.notes ?? []).toEqual([]);
  });
});
