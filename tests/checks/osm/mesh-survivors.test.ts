// Cases aimed at the mutants the first Stryker run on the mesh files left alive (issue #16).
import { describe, expect, it } from 'vitest';
import OSM010 from '../../../src/checks/osm/OSM010-webhook-services.js';
import OSM011 from '../../../src/checks/osm/OSM011-webhook-ca-bundles.js';
import { MESH_CONFIG_FIELDS, hasType, intendedValue, parseDuration, sameValue } from '../../../src/checks/osm/meshconfig.js';
import { findWebhookConfigs, webhookExpectations } from '../../../src/checks/osm/webhooks.js';
import { certificatesInBase64 } from '../../../src/checks/shared/certificates.js';
import { parseVersion } from '../../../src/checks/shared/versions.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { certificate, meshBase, mutating, obj, validating } from './mesh-fixtures.js';

const MREF = 'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration arc-osm-webhook-osm';
const run = (check: typeof OSM010, edit: (o: KubeObject[]) => KubeObject[] | void) => {
  const o = meshBase();
  return check.run(snapshotOf(edit(o) ?? o), { now: NOW, catalog: [] });
};
const install = (namespace: string, version?: string) => ({ present: true, namespace, meshName: 'osm', version: parseVersion(version) });

describe('OSM010 and OSM011 on a webhook without clientConfig', () => {
  it('OSM010 restores the service with nothing else', () => {
    const r = run(OSM010, (o) => void delete mutating(o).webhooks[0].clientConfig);
    expect(r.evidence).toEqual([{ ref: MREF, path: 'webhooks[0].clientConfig.service', observed: 'absent', expected: 'service osm-injector in arc-osm-system' }]);
    expect(r.fixes?.map((f) => ('patch' in f ? f.patch : undefined))).toStrictEqual([[{ op: 'replace', path: '/webhooks/0/clientConfig', value: { service: { name: 'osm-injector', namespace: 'arc-osm-system', port: 9090, path: '/mutate-pod-creation' } } }]]);
  });
  it('OSM011 says its caBundle is absent', () => {
    expect(run(OSM011, (o) => void delete mutating(o).webhooks[0].clientConfig).message).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: caBundle absent');
  });
  it('OSM010 skips with the exact reason when no configuration exists', () => {
    expect(run(OSM010, (o) => o.filter((x) => !x.kind.endsWith('WebhookConfiguration')))).toEqual({ status: 'skip', message: 'No OSM webhook configuration to inspect (see OSM009)' });
  });
  it.each([
    ['has no spec', (s: KubeObject) => void delete s.spec],
    ['lists a null port', (s: KubeObject) => void (s.spec.ports = [null])],
  ])('OSM010 fails when the Service %s', (_n, edit) => {
    const r = run(OSM010, (o) => edit(obj(o, 'Service', 'osm-injector')));
    expect(r.evidence).toEqual([{ ref: 'v1/Service arc-osm-system/osm-injector', path: 'spec.ports', observed: 'none', expected: 'port 9090' }]);
  });
});

describe('OSM011 picking among certificates', () => {
  it('keeps the first of two certificates ending at the same instant', () => {
    const pem = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
    const healthy = validating(meshBase()).webhooks[0].clientConfig.caBundle;
    const r = run(OSM011, (o) => void (mutating(o).webhooks[0].clientConfig.caBundle = Buffer.from(pem(healthy) + pem(certificate('no-common-name'))).toString('base64')));
    expect(r.message).toMatch(/arc-osm-webhook-osm: \d+ bytes, CN=osm-ca.openservicemesh.io valid until 2036-01-01$/);
  });
  it('reads nothing from text that is not base64, even around a certificate', () => {
    const b64 = certificate('expired');
    expect([certificatesInBase64(`${b64}*`), certificatesInBase64(`*${b64}`), certificatesInBase64(`${b64.slice(0, 40)}!${b64.slice(40)}`)]).toEqual([[], [], []]);
  });
});

describe('meshconfig.ts edges', () => {
  const egress = MESH_CONFIG_FIELDS.find((f) => f.path === 'spec.traffic.enableEgress')!;
  it('types a duration only as a string', () => {
    expect(hasType(['24h'], 'duration')).toBe(false);
    expect(sameValue(['24h'], '24h', 'duration')).toBe(false);
    expect(sameValue('24h', ['24h'], 'duration')).toBe(false);
    expect(parseDuration('1.25h')).toBe(4_500_000);
  });
  it('reads "true" as true where the default is false, and "false" as false where it is true', () => {
    expect(intendedValue('true', egress, install('arc-osm-system', 'v1.1.1'))).toBe(true);
    expect(intendedValue('false', egress, install('arc-osm-system', 'v1.2.6'))).toBe(false);
  });
});

describe('webhooks.ts edges', () => {
  it('names each expectation\'s kind', () => {
    expect(webhookExpectations(install('arc-osm-system')).map((e) => [e.kind, e.type.kind, e.configName])).toEqual([
      ['validating', 'ValidatingWebhookConfiguration', 'osm-validator-mesh-osm'],
      ['mutating', 'MutatingWebhookConfiguration', 'arc-osm-webhook-osm'],
    ]);
  });
  it('finds the Arc mutating configuration by name when its labels were stripped', () => {
    const o = meshBase();
    mutating(o).metadata.labels = {};
    const exp = webhookExpectations(install('arc-osm-system'))[1];
    expect(findWebhookConfigs(snapshotOf(o), install('arc-osm-system'), exp).configs.map((c) => c.metadata.name)).toEqual(['arc-osm-webhook-osm']);
  });
  it('keeps a configuration of this mesh under another name', () => {
    const o = meshBase();
    const copy = structuredClone(validating(o));
    copy.metadata.name = 'osm-validator-second';
    const exp = webhookExpectations(install('arc-osm-system'))[0];
    expect(findWebhookConfigs(snapshotOf([...o, copy]), install('arc-osm-system'), exp).configs.map((c) => c.metadata.name)).toEqual(['osm-validator-mesh-osm', 'osm-validator-second']);
  });
});
