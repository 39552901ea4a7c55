// OSM003 / OSM007 (control-plane-services.ts): whole outcomes, every Service type and EXTERNAL-IP shape.
import { describe, expect, it } from 'vitest';
import OSM003 from '../../../src/checks/osm/OSM003-controller-service.js';
import OSM007 from '../../../src/checks/osm/OSM007-injector-service.js';
import { runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, find, without } from './control-plane-fixtures.js';
import { exact, RESTORE } from './control-plane-exact.js';

const ctl = (o: KubeObject[]) => find(o, 'Service', 'osm-controller');
const inj = (o: KubeObject[]) => find(o, 'Service', 'osm-injector');
const text = {
  controller: "The osm-controller Service is part of the OSM chart: 15128/TCP,9092/TCP, type ClusterIP, no external IP. Restore the chart's definition rather than editing it by hand.",
  injector: "The osm-injector Service is part of the OSM chart: 9090/TCP, type ClusterIP, no external IP. Restore the chart's definition rather than editing it by hand.",
};
const TO_CLUSTER_IP = `kubectl patch service osm-injector -n arc-osm-system -p '{"spec":{"type":"ClusterIP"}}'`;
const DROP_EXTERNAL_IPS = `kubectl patch service osm-injector -n arc-osm-system --type=json -p '[{"op":"remove","path":"/spec/externalIPs"}]'`;

function exposed(edit: (svc: KubeObject) => void) {
  return runOne(OSM007, changed((o) => edit(inj(o))));
}

describe('OSM003 / OSM007 exact outcomes', () => {
  it('passes with the PORT(S) column, taking a port given as a string and a lower-case protocol', () => {
    expect(exact(runOne(OSM007, changed(() => {})))).toEqual({ status: 'pass', message: 'osm-injector ClusterIP 10.0.143.37 <none> 9090/TCP', evidence: [] });
    expect(runOne(OSM007, changed((o) => void Object.assign(inj(o).spec.ports[0], { port: '9090', protocol: 'tcp' }))).message).toBe('osm-injector ClusterIP 10.0.143.37 <none> 9090/tcp');
    expect(runOne(OSM003, changed((o) => void delete ctl(o).spec.clusterIP)).message).toBe('osm-controller ClusterIP <none> 15128/TCP,9092/TCP,9091/TCP');
    expect(runOne(OSM003, changed((o) => void delete ctl(o).spec.type)).message).toBe('osm-controller ClusterIP 10.0.126.84 <none> 15128/TCP,9092/TCP,9091/TCP');
  });

  it('fails on a missing Service with the restore commands', () => {
    expect(exact(runOne(OSM003, changed((o) => without(o, 'Service', 'osm-controller'))))).toEqual({
      status: 'fail',
      message: 'the osm-controller service is missing from arc-osm-system: nothing routes to the OSM controller (15128/TCP,9092/TCP)',
      evidence: [{ ref: 'v1/Service arc-osm-system/osm-controller', path: 'metadata', observed: 'absent', expected: 'a ClusterIP Service with 15128/TCP,9092/TCP' }],
      remediation: {
        text: "The Arc OSM extension installed the osm-controller Service; re-apply the extension's Helm release manifest, or recreate the extension.",
        commands: ['kubectl get services -n arc-osm-system', ...RESTORE],
      },
    });
  });

  it('fails on a missing port, naming each one with its purpose', () => {
    const r = runOne(OSM003, changed((o) => void (ctl(o).spec.ports = ctl(o).spec.ports.filter((p: { port: number }) => p.port === 9091))));
    expect(exact(r)).toEqual({
      status: 'fail',
      message: 'osm-controller does not expose 15128/TCP (ads-port: Envoy xDS (ADS) connections from every sidecar), 9092/TCP (debug-port: the controller debug server); it has 9091/TCP',
      evidence: [{ ref: 'v1/Service arc-osm-system/osm-controller', path: 'spec.ports', observed: '9091/TCP', expected: 'includes 15128/TCP,9092/TCP' }],
      remediation: { text: text.controller, commands: ['kubectl get service osm-controller -n arc-osm-system -o yaml', RESTORE[0]] },
      notes: undefined,
      fixes: [],
      findings: ['fail Service osm-controller'],
    });
  });

  it('fails on a Service without ports (PORT(S) <none>)', () => {
    const r = runOne(OSM007, changed((o) => void delete inj(o).spec.ports));
    expect(r.message).toBe('osm-injector does not expose 9090/TCP (sidecar-inject: the mutating webhook that injects Envoy); it has <none>');
    expect(r.evidence).toEqual([{ ref: 'v1/Service arc-osm-system/osm-injector', path: 'spec.ports', observed: '<none>', expected: 'includes 9090/TCP' }]);
  });

  it('fails on an ExternalName Service, with or without its name', () => {
    expect(exact(exposed((s) => void Object.assign(s.spec, { type: 'ExternalName', externalName: 'injector.example.com' })))).toEqual({
      status: 'fail',
      message: 'osm-injector is type ExternalName (injector.example.com): it does not route to the OSM injector pods',
      evidence: [{ ref: 'v1/Service arc-osm-system/osm-injector', path: 'spec.type', observed: 'ExternalName', expected: 'ClusterIP' }],
      remediation: { text: text.injector, commands: [RESTORE[0]] },
      notes: undefined,
      fixes: [],
      findings: ['fail Service osm-injector'],
    });
    expect(exposed((s) => void (s.spec.type = 'ExternalName')).message).toBe('osm-injector is type ExternalName (<unknown>): it does not route to the OSM injector pods');
  });

  it('warns on a LoadBalancer with an address, asking to turn it back into ClusterIP', () => {
    const r = exposed((s) => {
      s.spec.type = 'LoadBalancer';
      s.status = { loadBalancer: { ingress: [{ ip: '52.170.3.9' }] } };
    });
    expect(exact(r)).toEqual({
      status: 'warn',
      message: 'osm-injector is reachable from outside the cluster (LoadBalancer, EXTERNAL-IP 52.170.3.9); the guide expects type ClusterIP and no EXTERNAL-IP',
      evidence: [{ ref: 'v1/Service arc-osm-system/osm-injector', path: 'spec.type / status.loadBalancer.ingress / spec.externalIPs', observed: 'LoadBalancer, EXTERNAL-IP 52.170.3.9', expected: 'ClusterIP, EXTERNAL-IP <none>' }],
      remediation: { text: text.injector, commands: [TO_CLUSTER_IP] },
      notes: undefined,
      fixes: [],
      findings: ['warn Service osm-injector'],
    });
  });

  it('prints a LoadBalancer hostname, its external IPs, and <pending> before it has either', () => {
    const hostname = exposed((s) => {
      s.spec.type = 'LoadBalancer';
      s.status = { loadBalancer: { ingress: [{ hostname: 'a1b2.elb.amazonaws.com' }, {}] } };
    });
    expect(hostname.evidence[0].observed).toBe('LoadBalancer, EXTERNAL-IP a1b2.elb.amazonaws.com');
    const both = exposed((s) => {
      Object.assign(s.spec, { type: 'LoadBalancer', externalIPs: ['192.168.10.40', '192.168.10.41'] });
      s.status = { loadBalancer: { ingress: [{ ip: '52.170.3.9' }] } };
    });
    expect(both.evidence[0].observed).toBe('LoadBalancer, EXTERNAL-IP 52.170.3.9,192.168.10.40,192.168.10.41');
    expect(both.remediation?.commands).toEqual([DROP_EXTERNAL_IPS, TO_CLUSTER_IP]);
    const pending = exposed((s) => void (s.spec.type = 'LoadBalancer'));
    expect(pending.evidence[0].observed).toBe('LoadBalancer, EXTERNAL-IP <pending>');
  });

  it('warns on a NodePort without external IPs, judging by spec.type alone', () => {
    const r = exposed((s) => void (s.spec.type = 'NodePort'));
    expect(r.message).toBe('osm-injector is reachable from outside the cluster (NodePort); the guide expects type ClusterIP and no EXTERNAL-IP');
    expect(r.evidence).toEqual([{ ref: 'v1/Service arc-osm-system/osm-injector', path: 'spec.type', observed: 'NodePort', expected: 'ClusterIP, EXTERNAL-IP <none>' }]);
    expect(r.remediation?.commands).toEqual([TO_CLUSTER_IP]);
  });

  it('warns on a ClusterIP with spec.externalIPs, asking only to remove them', () => {
    const r = exposed((s) => void (s.spec.externalIPs = ['192.168.10.40']));
    expect(r.message).toBe('osm-injector is reachable from outside the cluster (ClusterIP, EXTERNAL-IP 192.168.10.40); the guide expects type ClusterIP and no EXTERNAL-IP');
    expect(r.remediation?.commands).toEqual([DROP_EXTERNAL_IPS]);
    expect(exposed((s) => void (s.spec.externalIPs = [])).status).toBe('pass');
    expect(exposed((s) => void (s.spec.externalIPs = '192.168.10.40')).status).toBe('pass');
  });

  it('reports a missing port and an external address as two findings', () => {
    const r = runOne(OSM007, changed((o) => {
      inj(o).spec.ports[0].port = 443;
      inj(o).spec.type = 'NodePort';
    }));
    expect(r.status).toBe('fail');
    expect(r.findings?.map((f) => f.status)).toEqual(['fail', 'warn']);
    expect(r.message).toBe('2 problems: osm-injector does not expose 9090/TCP (sidecar-inject: the mutating webhook that injects Envoy); it has 443/TCP; and 1 more');
    expect(r.remediation?.commands).toEqual(['kubectl get service osm-injector -n arc-osm-system -o yaml', RESTORE[0], TO_CLUSTER_IP]);
  });

  it('ends in error when the snapshot holds no Services at all', () => {
    expect(exact(runOne(OSM007, snapshotOf(without(base(), 'Service'))))).toEqual({
      status: 'error',
      message: 'the snapshot holds no Services at all, so whether the osm-injector service is there cannot be told; add the output of `kubectl get services -n arc-osm-system -o yaml`',
      evidence: [],
    });
  });
});
