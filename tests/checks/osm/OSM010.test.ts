import { describe, expect, it } from 'vitest';
import OSM010 from '../../../src/checks/osm/OSM010-webhook-services.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { edited, mutating, obj, validating } from './mesh-fixtures.js';

const service = (o: KubeObject[], pick: (o: KubeObject[]) => KubeObject) => pick(o).webhooks[0].clientConfig.service;

describe('OSM010 webhook clientConfig.service', () => {
  it.each(['healthy-v1.2', 'healthy-v1.1', 'healthy-v1.0', 'guide-healthy'])('passes on %s', (name) => {
    const r = runOne(OSM010, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('arc-osm-system/osm-validator:9093/validate');
  });

  it('passes on v1beta1 configurations with the same fields', () => {
    const r = runOne(OSM010, edited((o) => {
      validating(o).apiVersion = 'admissionregistration.k8s.io/v1beta1';
      mutating(o).apiVersion = 'admissionregistration.k8s.io/v1beta1';
    }));
    expect(r.status).toBe('pass');
  });

  const invalid: Array<[string, (o: KubeObject[]) => void, string]> = [
    ["the guide's pre-1.0 validator name osm-config-validator on OSM v1.2", (o) => void (service(o, validating).name = 'osm-config-validator'), 'service.name'],
    ['the mutating webhook points at another namespace', (o) => void (service(o, mutating).namespace = 'osm-system'), 'service.namespace'],
    ['the validator path is wrong', (o) => void (service(o, validating).path = '/validate-webhook'), 'service.path'],
    ['the port is absent (the API server then uses 443)', (o) => void delete service(o, mutating).port, 'service.port'],
    ['the Service osm-validator does not exist', (o) => void o.splice(o.indexOf(obj(o, 'Service', 'osm-validator')), 1), 'metadata.name'],
  ];
  it.each(invalid)('fails when %s', (_name, edit, path) => {
    const r = runOne(OSM010, edited(edit));
    expect(r.status).toBe('fail');
    expect(r.evidence.map((e) => e.path).join()).toContain(path);
    expect(r.remediation?.commands.join('\n')).toContain('kubectl rollout restart deployment');
  });

  it('reports an absent port as the 443 the API server would call', () => {
    const r = runOne(OSM010, edited((o) => void delete service(o, mutating).port));
    expect(r.evidence[0]).toMatchObject({ observed: 'absent (443)', expected: 9090 });
  });

  it('accepts osm-config-validator for a pre-1.0 release', () => {
    const r = runOne(OSM010, edited((o) => {
      service(o, validating).name = 'osm-config-validator';
      const ctl = obj(o, 'Deployment', 'osm-controller', 'arc-osm-system');
      ctl.spec.template.spec.containers[0].image = 'mcr.microsoft.com/oss/openservicemesh/osm-controller:v0.8.4';
      obj(o, 'Service', 'osm-validator').metadata.name = 'osm-config-validator';
    }));
    expect(r.status).toBe('pass');
  });

  it('skips when there is no webhook configuration (OSM009 reports it)', () => {
    const r = runOne(OSM010, edited((o) => o.filter((x) => !x.kind.endsWith('WebhookConfiguration'))));
    expect(r.status).toBe('skip');
  });
});
