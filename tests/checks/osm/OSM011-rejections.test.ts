// OSM011: the API server's x509 rejections of a bundle that looks valid, one restart per owner, and the certificate
// reader itself (base64 PEM, PEM text, DER, whitespace, garbage).
import { describe, expect, it } from 'vitest';
import OSM011, { guideByteCount } from '../../../src/checks/osm/OSM011-webhook-ca-bundles.js';
import type { CheckOutcome } from '../../../src/checks/define.js';
import { certificatesInBase64, daysUntilExpiry, isValidAt } from '../../../src/checks/shared/certificates.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { certificate, meshBase, mutating, validating } from './mesh-fixtures.js';

const MREF = 'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration arc-osm-webhook-osm';
const SUBJECT = 'CN=osm-ca.openservicemesh.io, O=Open Service Mesh, OU=Azure Arc extension microsoft.osm CA, L=arc-osm-system';
// The osm-webhook-ca-mismatch scenario's event (a caBundle that parses but is not the injector's CA).
const X509 = 'Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": failed to call webhook: Post "https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=20s": tls: failed to verify certificate: x509: certificate signed by unknown authority';

function event(message: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'bookbuyer-7676c7fcfb.18a2b3c4d5e6f799', namespace: 'bookbuyer' },
    involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'bookbuyer-7676c7fcfb', namespace: 'bookbuyer' },
    reason: 'FailedCreate', type: 'Warning', count: 9, firstTimestamp: '2026-11-26T10:10:00Z', lastTimestamp: '2026-11-26T11:41:00Z',
    source: { component: 'replicaset-controller' }, message,
  };
}
function run(edit: (o: KubeObject[]) => void, extra: KubeObject[] = []): CheckOutcome {
  const o = meshBase();
  edit(o);
  return OSM011.run(snapshotOf([...o, ...extra]), { now: NOW, catalog: [] });
}
const EVIDENCE = { ref: 'v1/Event bookbuyer/bookbuyer-7676c7fcfb.18a2b3c4d5e6f799', path: 'message (FailedCreate, 9x)', observed: X509 };

describe('OSM011 and the API server\'s x509 errors', () => {
  it('fails a bundle that parses when the API server rejects the injector\'s certificate with it, restarting osm-injector', () => {
    const r = run(() => undefined, [event(X509)]);
    expect(r.status).toBe('fail');
    expect(r.message).toBe("arc-osm-webhook-osm webhook osm-inject.k8s.io: the API server rejects the webhook's serving certificate (x509) with this caBundle, so it cannot create pods for ReplicaSet bookbuyer/bookbuyer-7676c7fcfb");
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence?.[0]).toMatchObject(EVIDENCE);
    expect(r.findings?.map((f) => f.object?.name)).toEqual(['arc-osm-webhook-osm']);
    expect(r.fixes?.map((f) => f.title)).toEqual(['Restart Deployment arc-osm-system/osm-injector so it re-writes the caBundle of arc-osm-webhook-osm from Secret osm-ca-bundle (it does on start)']);
  });

  it('turns an expiring bundle\'s warning into the rejection\'s failure', () => {
    const r = run((o) => void (mutating(o).webhooks[0].clientConfig.caBundle = certificate('expiring')), [event(X509)]);
    expect(r.status).toBe('fail');
    expect(r.message).toContain("the API server rejects the webhook's serving certificate (x509)");
    expect(r.fixes).toHaveLength(1);
  });

  it('keeps the bundle\'s own failure when it is already broken (the rejection follows from it)', () => {
    const r = run((o) => void (mutating(o).webhooks[0].clientConfig.caBundle = ''), [event(X509)]);
    expect(r.message).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: caBundle empty');
  });

  it.each([
    ['a call to another service (a leftover upstream osm-system configuration)', X509.replace('osm-injector.arc-osm-system.svc', 'osm-injector.osm-system.svc')],
    ['a call to another service name in the same namespace', X509.replace('osm-injector.arc-osm-system.svc', 'other-injector.arc-osm-system.svc')],
    ['a failure that is not TLS (i/o timeout)', X509.replace('tls: failed to verify certificate: x509: certificate signed by unknown authority', 'dial tcp 10.3.146.3:9090: i/o timeout')],
  ])('passes on %s', (_n, message) => {
    expect(run(() => undefined, [event(message)]).status).toBe('pass');
  });

  it('attributes an x509 error that quotes no URL to the webhook of that name', () => {
    const r = run(() => undefined, [event('Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": x509: certificate has expired or is not yet valid')]);
    expect(r.status).toBe('fail');
  });

  it('attributes it too when the webhook calls a URL rather than a service', () => {
    const r = run((o) => {
      const cc = mutating(o).webhooks[0].clientConfig;
      delete cc.service;
      cc.url = 'https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation';
    }, [event(X509)]);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('rejects the webhook');
  });

  it('cannot attribute an error to a webhook without a name, and names the webhook by its index', () => {
    const r = run((o) => {
      delete mutating(o).webhooks[0].name;
      validating(o).webhooks[0].clientConfig.caBundle = '';
      delete validating(o).webhooks[0].name;
    }, [event(X509)]);
    expect(r.message).toBe('osm-validator-mesh-osm webhook 0: caBundle empty');
  });
});

describe('OSM011 details', () => {
  it('names every workload the API server could not create pods for', () => {
    const other = { ...event(X509), metadata: { name: 'bookstore-5cf6d9f9d7.18a2b3c4d5e6f800', namespace: 'bookstore' }, involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'bookstore-5cf6d9f9d7', namespace: 'bookstore' } };
    const r = run(() => undefined, [event(X509), other]);
    expect(r.message).toMatch(/so it cannot create pods for ReplicaSet bookbuyer\/bookbuyer-7676c7fcfb, ReplicaSet bookstore\/bookstore-5cf6d9f9d7$/);
  });

  it('names the whole subject of a root without a common name', () => {
    const r = run((o) => void (mutating(o).webhooks[0].clientConfig.caBundle = certificate('no-common-name')));
    expect(r.message).toBe('osm-validator-mesh-osm: 1845 bytes, CN=osm-ca.openservicemesh.io valid until 2036-01-01; arc-osm-webhook-osm: 1793 bytes, O=Open Service Mesh, OU=Azure Arc extension microsoft.osm CA without a common name, L=arc-osm-system valid until 2036-01-01');
  });
});

describe('OSM011 one restart per owner', () => {
  it('restarts osm-injector once for two broken webhooks of its configuration, and osm-controller for its own', () => {
    const r = run((o) => {
      const m = mutating(o);
      m.webhooks.push({ ...structuredClone(m.webhooks[0]), name: 'osm-inject-2.k8s.io' });
      m.webhooks[0].clientConfig.caBundle = '';
      m.webhooks[1].clientConfig.caBundle = '';
      delete validating(o).webhooks[0].clientConfig.caBundle;
    });
    expect(r.message).toBe('3 problems: osm-validator-mesh-osm webhook osm-validator.k8s.io: caBundle absent; and 2 more');
    expect(r.findings?.map((f) => [f.message, f.fixes?.length ?? 0])).toEqual([
      ['osm-validator-mesh-osm webhook osm-validator.k8s.io: caBundle absent', 1],
      ['arc-osm-webhook-osm webhook osm-inject.k8s.io: caBundle empty', 1],
      ['arc-osm-webhook-osm webhook osm-inject-2.k8s.io: caBundle empty', 0],
    ]);
    expect(r.findings?.[2].evidence).toEqual([{ ref: MREF, path: 'webhooks[1].clientConfig.caBundle', observed: 'empty', expected: 'at least 1000 bytes (wc -c)' }]);
    expect(r.findings?.[2].commands?.[0]).toBe(`kubectl get MutatingWebhookConfiguration arc-osm-webhook-osm -o json | jq -r '.webhooks[1].clientConfig.caBundle' | wc -c`);
    expect(r.fixes?.map((f) => ('target' in f ? f.target : undefined))).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' },
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-injector' },
    ]);
  });

  it('skips when no configuration is found (OSM009 reports it)', () => {
    expect(run((o) => void o.splice(0, o.length, ...o.filter((x) => !x.kind.endsWith('WebhookConfiguration'))))).toEqual({ status: 'skip', message: 'No OSM webhook configuration to inspect (see OSM009)' });
  });
});

describe('reading certificates', () => {
  const b64 = certificate('expired');
  const pemText = Buffer.from(b64, 'base64').toString('utf8');
  const der = Buffer.from(pemText.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const expired = { subject: SUBJECT, issuer: SUBJECT, validFrom: new Date('2016-06-01T00:00:00Z'), validTo: new Date('2026-06-01T00:00:00Z') };

  it.each([
    ['base64 of PEM', b64],
    ['base64 of PEM wrapped at 76 columns', b64.replace(/(.{76})/g, '$1\n')],
    ['the PEM text', pemText],
    ['base64 of DER', der.toString('base64')],
  ])('reads %s', (_n, text) => {
    expect(certificatesInBase64(text)).toEqual([expired]);
  });

  it('reads every block of a bundle, in order, and skips a block that does not parse', () => {
    const two = pemText + pemText.replace('MII', 'XXX') + Buffer.from(certificate('not-yet-valid'), 'base64').toString('utf8');
    expect(certificatesInBase64(Buffer.from(two).toString('base64')).map((c) => c.validTo.toISOString())).toEqual(['2026-06-01T00:00:00.000Z', '2037-01-01T00:00:00.000Z']);
    expect(certificatesInBase64(two)).toHaveLength(2);
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \n'],
    ['not base64', 'not base64!'],
    ['base64 of text', Buffer.from('hello world').toString('base64')],
    ['a truncated PEM', b64.slice(0, 800)],
    ['PEM text without its END line', pemText.slice(0, 700)],
  ])('reads no certificate from %s', (_n, text) => {
    expect(certificatesInBase64(text)).toEqual([]);
  });

  it('is valid from its first to its last millisecond; counts whole days left', () => {
    expect([expired.validFrom.getTime() - 1, expired.validFrom.getTime(), expired.validTo.getTime(), expired.validTo.getTime() + 1].map((t) => isValidAt(expired, new Date(t)))).toEqual([false, true, true, false]);
    expect(daysUntilExpiry(expired, new Date('2026-05-30T00:00:00Z'))).toBe(2);
    expect(daysUntilExpiry(expired, new Date('2026-05-30T00:00:00.001Z'))).toBe(1);
    expect(daysUntilExpiry(expired, new Date('2026-06-02T00:00:00Z'))).toBe(-1);
    expect(daysUntilExpiry(expired, new Date('2026-06-01T00:00:00.001Z'))).toBe(-1);
  });

  it('counts UTF-8 bytes as wc -c does', () => {
    expect(guideByteCount('é')).toBe(3);
    expect(guideByteCount(null)).toBe(5);
  });
});
