// OSM011 exactly: the guide's 1000-byte rule at its value, the 30-day warning at its value, bundles of two
// certificates, expired vs not yet valid, the API server's x509 rejections, and the one restart per owner.
import { describe, expect, it } from 'vitest';
import OSM011 from '../../../src/checks/osm/OSM011-webhook-ca-bundles.js';
import type { CheckOutcome } from '../../../src/checks/define.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { certificate, meshBase, mutating, validating } from './mesh-fixtures.js';

const DAY = 86_400_000;
const SUBJECT = 'CN=osm-ca.openservicemesh.io, O=Open Service Mesh, OU=Azure Arc extension microsoft.osm CA, L=arc-osm-system';
const VREF = 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration osm-validator-mesh-osm';
const MREF = 'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration arc-osm-webhook-osm';
const VOBJ = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: 'osm-validator-mesh-osm' };
const MOBJ = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'arc-osm-webhook-osm' };
const PATH = 'webhooks[0].clientConfig.caBundle';
const HEALTHY_PASS = `osm-validator-mesh-osm: 1845 bytes, CN=osm-ca.openservicemesh.io valid until 2036-01-01; arc-osm-webhook-osm: 1845 bytes, CN=osm-ca.openservicemesh.io valid until 2036-01-01`;
const REMEDIATION = 'OSM writes its root certificate (Secret osm-ca-bundle in arc-osm-system) into the caBundle when osm-controller and osm-injector start; restart the owner to re-patch it. An expired or expiring root must be rotated first (see the OSM certificate management docs).';
const SECRET_CMD = "kubectl get secret osm-ca-bundle -n arc-osm-system -o jsonpath='{.data.ca\\.crt}' | base64 -d | openssl x509 -noout -subject -enddate";
const vCommands = [`kubectl get ValidatingWebhookConfiguration osm-validator-mesh-osm -o json | jq -r '.webhooks[0].clientConfig.caBundle' | wc -c`, SECRET_CMD, 'kubectl rollout restart deployment osm-controller -n arc-osm-system'];
const mCommands = [`kubectl get MutatingWebhookConfiguration arc-osm-webhook-osm -o json | jq -r '.webhooks[0].clientConfig.caBundle' | wc -c`, SECRET_CMD, 'kubectl rollout restart deployment osm-injector -n arc-osm-system'];
const restart = (owner: string, config: string) => ({
  title: `Restart Deployment arc-osm-system/${owner} so it re-writes the caBundle of ${config} from Secret osm-ca-bundle (it does on start)`,
  target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: owner },
  patchType: 'strategic',
  patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z' } } } } },
  notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
  waitFor: `the rollout of Deployment arc-osm-system/${owner} (kubectl rollout status deployment ${owner} -n arc-osm-system, or fix --wait)`,
});

const pem = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
const healthyCa = () => validating(meshBase()).webhooks[0].clientConfig.caBundle as string;
const bundleOf = (...b64: string[]) => Buffer.from(b64.map(pem).join('')).toString('base64');

function run(edit: (o: KubeObject[]) => void, now = NOW, extra: KubeObject[] = []): CheckOutcome {
  const o = meshBase();
  edit(o);
  return OSM011.run(snapshotOf([...o, ...extra]), { now, catalog: [] });
}
const setCa = (pick: (o: KubeObject[]) => KubeObject, value: unknown) => (o: KubeObject[]) => void (pick(o).webhooks[0].clientConfig.caBundle = value);

describe('OSM011 the guide\'s 1000-byte rule', () => {
  it('fails a 999-byte bundle (998 characters and jq\'s newline), restarting osm-controller, exactly', () => {
    const r = run(setCa(validating, 'A'.repeat(998)));
    expect(r).toEqual({
      status: 'fail',
      message: 'osm-validator-mesh-osm webhook osm-validator.k8s.io: caBundle 999 bytes',
      evidence: [{ ref: VREF, path: PATH, observed: '999 bytes', expected: 'at least 1000 bytes (wc -c)' }],
      remediation: { text: REMEDIATION, commands: vCommands },
      findings: [{ status: 'fail', object: VOBJ, message: 'osm-validator-mesh-osm webhook osm-validator.k8s.io: caBundle 999 bytes', evidence: [{ ref: VREF, path: PATH, observed: '999 bytes', expected: 'at least 1000 bytes (wc -c)' }], commands: vCommands, fixes: [restart('osm-controller', 'osm-validator-mesh-osm')] }],
      fixes: [restart('osm-controller', 'osm-validator-mesh-osm')],
      notes: undefined,
    });
  });

  it('lets a 1000-byte bundle past the size rule: it is then judged as a certificate', () => {
    const r = run(setCa(mutating, 'A'.repeat(999)));
    expect(r.status).toBe('fail');
    expect(r.message).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: caBundle of 1000 bytes holds no certificate');
    expect(r.evidence).toEqual([{ ref: MREF, path: PATH, observed: '1000 bytes, not a PEM/DER certificate', expected: 'a base64 PEM certificate' }]);
    expect(r.remediation?.commands).toEqual(mCommands);
    expect(r.fixes).toEqual([restart('osm-injector', 'arc-osm-webhook-osm')]);
  });

  it.each([
    ['absent', undefined, 'absent'],
    ['a number', 12345, 'absent'],
    ['empty', '', 'empty'],
    ['only whitespace (over 1000 bytes)', ' '.repeat(1200), 'empty'],
  ])('fails a caBundle that is %s', (_n, value, observed) => {
    const r = run((o) => {
      const cc = mutating(o).webhooks[0].clientConfig;
      if (value === undefined) delete cc.caBundle;
      else cc.caBundle = value;
    });
    expect(r.message).toBe(`arc-osm-webhook-osm webhook osm-inject.k8s.io: caBundle ${observed}`);
    expect(r.evidence).toEqual([{ ref: MREF, path: PATH, observed, expected: 'at least 1000 bytes (wc -c)' }]);
    expect(r.fixes).toEqual([restart('osm-injector', 'arc-osm-webhook-osm')]);
  });
});

describe('OSM011 certificate validity', () => {
  it('passes the healthy bundles, naming their size, CN and end date', () => {
    expect(run(() => undefined)).toEqual({ status: 'pass', message: HEALTHY_PASS, evidence: undefined, notes: undefined });
  });

  it('fails an expired certificate, with no fix (an expired root needs rotating, not a restart)', () => {
    const r = run(setCa(validating, certificate('expired')));
    const evidence = [{ ref: VREF, path: PATH, observed: `${SUBJECT}: expired 2026-06-01T00:00:00.000Z`, expected: 'valid at 2026-11-26T12:00:00.000Z' }];
    expect(r.message).toBe('osm-validator-mesh-osm webhook osm-validator.k8s.io: certificate expired 2026-06-01T00:00:00.000Z');
    expect(r.evidence).toEqual(evidence);
    expect(r.findings?.[0].fixes).toBeUndefined();
    expect(r.fixes).toEqual([]);
  });

  it('fails a certificate that is not valid yet, saying so rather than expired', () => {
    const r = run(setCa(mutating, certificate('not-yet-valid')));
    expect(r.message).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: certificate not valid before 2027-01-01T00:00:00.000Z');
    expect(r.evidence).toEqual([{ ref: MREF, path: PATH, observed: `${SUBJECT}: not valid before 2027-01-01T00:00:00.000Z`, expected: 'valid at 2026-11-26T12:00:00.000Z' }]);
    expect(r.fixes).toEqual([]);
  });

  it('holds a certificate valid at its first and last instant, not a millisecond outside', () => {
    const from = new Date('2027-01-01T00:00:00Z').getTime();
    const to = new Date('2037-01-01T00:00:00Z').getTime();
    // The mutating configuration's own finding (the validating one keeps the healthy root, expired by 2037).
    const status = (t: number) => run(setCa(mutating, certificate('not-yet-valid')), new Date(t)).findings?.find((f) => f.object?.kind === 'MutatingWebhookConfiguration')?.message ?? 'none';
    expect(status(from - 1)).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: certificate not valid before 2027-01-01T00:00:00.000Z');
    expect(status(from)).toBe('none');
    expect(status(to)).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: 1845 bytes, CN=osm-ca.openservicemesh.io valid until 2037-01-01');
    expect(status(to + 1)).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: certificate expired 2037-01-01T00:00:00.000Z');
  });

  it('warns from 29 days before expiry, not at exactly 30 days (the 30-day rule), with no fix', () => {
    const end = new Date('2026-12-06T00:00:00Z').getTime();
    const at30 = run(setCa(mutating, certificate('expiring')), new Date(end - 30 * DAY));
    expect(at30.status).toBe('pass');
    expect(at30.message).toContain('arc-osm-webhook-osm: 1845 bytes, CN=osm-ca.openservicemesh.io valid until 2026-12-06');
    const at29 = run(setCa(mutating, certificate('expiring')), new Date(end - 30 * DAY + 1));
    expect(at29).toEqual({
      status: 'warn',
      message: 'arc-osm-webhook-osm webhook osm-inject.k8s.io: 1845 bytes, CN=osm-ca.openservicemesh.io valid until 2026-12-06',
      evidence: [{ ref: MREF, path: PATH, observed: `${SUBJECT} expires 2026-12-06T00:00:00.000Z (in 29 days)`, expected: 'more than 30 days of validity' }],
      remediation: { text: REMEDIATION, commands: mCommands },
      findings: [{ status: 'warn', object: MOBJ, message: 'arc-osm-webhook-osm webhook osm-inject.k8s.io: 1845 bytes, CN=osm-ca.openservicemesh.io valid until 2026-12-06', evidence: [{ ref: MREF, path: PATH, observed: `${SUBJECT} expires 2026-12-06T00:00:00.000Z (in 29 days)`, expected: 'more than 30 days of validity' }], commands: mCommands }],
      fixes: [],
      notes: undefined,
    });
  });

  it('warns on the last day with 0 days left', () => {
    const r = run(setCa(mutating, certificate('expiring')), new Date('2026-12-05T12:00:00Z'));
    expect(r.evidence?.[0].observed).toBe(`${SUBJECT} expires 2026-12-06T00:00:00.000Z (in 0 days)`);
  });
});

describe('OSM011 bundles of two certificates', () => {
  it('passes an expired root followed by a valid one: one valid certificate is enough', () => {
    const r = run(setCa(validating, bundleOf(certificate('expired'), healthyCa())));
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/^osm-validator-mesh-osm: \d+ bytes, CN=osm-ca.openservicemesh.io valid until 2036-01-01; arc-osm-webhook-osm: 1845 bytes/);
  });

  it.each([
    ['expiring first', () => [certificate('expiring'), healthyCa()]],
    ['expiring last', () => [healthyCa(), certificate('expiring')]],
  ])('judges the longest-valid certificate (%s): no warning for a bundle also holding the new root', (_n, certs) => {
    const r = run(setCa(mutating, bundleOf(...certs())));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('CN=osm-ca.openservicemesh.io valid until 2036-01-01; arc-osm-webhook-osm: ');
    expect(r.message).toMatch(/arc-osm-webhook-osm: \d+ bytes, CN=osm-ca.openservicemesh.io valid until 2036-01-01$/);
  });

  it('reports the first certificate when none is valid (expired, then not yet valid)', () => {
    const r = run(setCa(validating, bundleOf(certificate('expired'), certificate('not-yet-valid'))));
    expect(r.message).toBe('osm-validator-mesh-osm webhook osm-validator.k8s.io: certificate expired 2026-06-01T00:00:00.000Z');
    const r2 = run(setCa(validating, bundleOf(certificate('not-yet-valid'), certificate('expired'))));
    expect(r2.message).toBe('osm-validator-mesh-osm webhook osm-validator.k8s.io: certificate not valid before 2027-01-01T00:00:00.000Z');
  });

  it('accepts a bundle holding the PEM text itself rather than its base64', () => {
    const r = run(setCa(mutating, pem(healthyCa())));
    expect(r.message).toBe(HEALTHY_PASS.replace(/1845 bytes(?=, CN=osm-ca.openservicemesh.io valid until 2036-01-01$)/, `${Buffer.byteLength(pem(healthyCa())) + 1} bytes`));
  });
});
