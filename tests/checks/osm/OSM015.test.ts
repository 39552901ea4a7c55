import { describe, expect, it } from 'vitest';
import OSM015 from '../../../src/checks/osm/OSM015-smi-crds.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { edited, obj } from './mesh-fixtures.js';

const crd = (o: KubeObject[], name: string) => obj(o, 'CustomResourceDefinition', name);

describe('OSM015 SMI CRDs', () => {
  it.each(['healthy-v1.2', 'healthy-v1.1', 'healthy-v1.0', 'guide-healthy'])('passes on %s', (name) => {
    const r = runOne(OSM015, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('TrafficSplit v1alpha2');
  });

  it('fails naming a missing CRD, with the apply command of the installed release', () => {
    const r = runOne(OSM015, edited((o) => o.filter((x) => x.metadata.name !== 'traffictargets.access.smi-spec.io')));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('traffictargets.access.smi-spec.io (TrafficTarget) is missing');
    expect(r.remediation?.commands).toEqual(['kubectl apply -f https://raw.githubusercontent.com/openservicemesh/osm/release-v1.2/cmd/osm-bootstrap/crds/smi_traffic_access.yaml']);
  });

  it('uses release-v1.0 URLs for an OSM v1.0 install', () => {
    const r = runOne(OSM015, edited((o) => o.filter((x) => x.metadata.name !== 'tcproutes.specs.smi-spec.io'), 'healthy-v1.0'));
    expect(r.remediation?.commands[0]).toContain('/release-v1.0/cmd/osm-bootstrap/crds/smi_tcp_route.yaml');
  });

  it('fails when the CRD no longer serves the version the release uses', () => {
    const r = runOne(OSM015, edited((o) => {
      for (const v of crd(o, 'trafficsplits.split.smi-spec.io').spec.versions) v.served = v.name === 'v1alpha4';
    }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('serves v1alpha4, not v1alpha2');
  });

  it('reads a v1beta1 CRD that names its version in spec.version', () => {
    const r = runOne(OSM015, edited((o) => {
      const c = crd(o, 'tcproutes.specs.smi-spec.io');
      c.apiVersion = 'apiextensions.k8s.io/v1beta1';
      delete c.spec.versions;
      c.spec.version = 'v1alpha4';
    }));
    expect(r.status).toBe('pass');
  });
});

describe('OSM015 without CRDs in the snapshot', () => {
  it('ends in error when the snapshot holds no CRD at all (OSM installs CRDs of its own, so they were not collected)', () => {
    const r = runOne(OSM015, edited((o) => o.filter((x) => x.kind !== 'CustomResourceDefinition')));
    expect(r.status).toBe('error');
    expect(r.message).toContain('kubectl get crds -o yaml');
  });
});
