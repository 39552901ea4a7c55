import { describe, expect, it } from 'vitest';
import OSM011, { guideByteCount } from '../../../src/checks/osm/OSM011-webhook-ca-bundles.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { certificate, edited, mutating, validating } from './mesh-fixtures.js';

const setCa = (pick: (o: KubeObject[]) => KubeObject, value: unknown) => (o: KubeObject[]) => {
  const cc = pick(o).webhooks[0].clientConfig;
  if (value === undefined) delete cc.caBundle;
  else cc.caBundle = value;
};

describe('OSM011 webhook CA bundles', () => {
  it('counts bytes as jq -r | wc -c does: the text, its newline, and "null" when absent', () => {
    expect(guideByteCount('abcd')).toBe(5);
    expect(guideByteCount(undefined)).toBe(5);
    expect(guideByteCount('')).toBe(1);
  });

  it.each(['healthy-v1.2', 'guide-healthy'])('passes on %s with the guide\'s 1845 bytes', (name) => {
    const r = runOne(OSM011, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('1845 bytes');
    expect(r.message).toContain('valid until 2036-01-01');
  });

  const invalid: Array<[string, (o: KubeObject[]) => void, string, string]> = [
    ['the validating caBundle is empty', setCa(validating, ''), 'fail', 'caBundle empty'],
    ['the mutating caBundle is absent', setCa(mutating, undefined), 'fail', 'caBundle absent'],
    ['the caBundle is under 1000 bytes', setCa(validating, 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=='), 'fail', '41 bytes'],
    ['the caBundle is long but not a certificate', setCa(validating, Buffer.from('x'.repeat(900)).toString('base64')), 'fail', 'holds no certificate'],
    ['the certificate expired', setCa(validating, certificate('expired')), 'fail', 'expired 2026-06-01'],
    ['the certificate expires within 30 days', setCa(mutating, certificate('expiring')), 'warn', 'valid until 2026-12-06'],
  ];
  it.each(invalid)('reports when %s', (_name, edit, status, fragment) => {
    const r = runOne(OSM011, edited(edit));
    expect(r.status).toBe(status);
    expect(r.message).toContain(fragment);
    expect(r.remediation?.commands.join('\n')).toContain('kubectl rollout restart deployment osm-');
  });

  it('names the caBundle path of the webhook in its evidence', () => {
    const r = runOne(OSM011, edited(setCa(validating, '')));
    expect(r.evidence[0]).toMatchObject({ ref: 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration osm-validator-mesh-osm', path: 'webhooks[0].clientConfig.caBundle' });
  });
});

describe('OSM011 reading certificates', () => {
  it('decodes a PEM bundle pasted as text rather than base64', async () => {
    const { certificatesInBase64 } = await import('../../../src/checks/shared/certificates.js');
    const pem = Buffer.from(certificate('expired'), 'base64').toString('utf8');
    const certs = certificatesInBase64(pem);
    expect(certs).toHaveLength(1);
    expect(certs[0].validTo.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});
