import { defineCheck, fromFindings, skip, type Evidence, type Finding } from '../define.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { certificatesInBase64, daysUntilExpiry, isValidAt, type CertificateInfo } from '../shared/certificates.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { osmInstall, type OsmInstall } from './install.js';
import { restartAction } from './restart.js';
import { webhookCallFailures } from './webhook-call-failures.js';
import { findWebhookConfigs, restartOwnerCommand, webhookEntries, webhookExpectations, type WebhookEntry, type WebhookExpectation } from './webhooks.js';

/** The guide: "empty, 0, or a number under 1000" bytes means the CA bundle was not provisioned. */
const MIN_GUIDE_BYTES = 1000;
const EXPIRY_WARNING_DAYS = 30;

export default defineCheck({
  id: 'OSM011',
  area: 'osm',
  title: 'OSM webhooks carry a valid CA bundle',
  guide: 'Verificar a Validação e a Mutação de webhooks',
  reads: [{ type: R.ValidatingWebhookConfiguration }, { type: R.MutatingWebhookConfiguration }, { type: R.Deployment }, { type: R.ReplicaSet }, { type: R.Event }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap, ctx) {
    const install = osmInstall(snap);
    const findings: Finding[] = [];
    const seen: string[] = [];
    const restarted = new Set<string>();
    for (const exp of webhookExpectations(install)) {
      for (const entry of webhookEntries(findWebhookConfigs(snap, install, exp).configs)) {
        const inspected = inspect(entry, ctx.now);
        const result = inspected.status === 'fail' ? inspected : (rejectedByApiServer(snap, entry) ?? inspected);
        seen.push(`${entry.config.metadata.name}: ${result.summary}`);
        if (!result.status) continue;
        const finding = toFinding(install, exp, entry, result);
        // The owner re-writes every caBundle of its configuration on start: one restart per owner.
        if (result.restartHelps && !restarted.has(exp.owner)) {
          restarted.add(exp.owner);
          finding.fixes = [restartAction('Deployment', install.namespace, exp.owner, ctx.now, `so it re-writes the caBundle of ${entry.config.metadata.name} from Secret osm-ca-bundle (it does on start)`)];
        }
        findings.push(finding);
      }
    }
    if (seen.length === 0) return skip('No OSM webhook configuration to inspect (see OSM009)');
    return fromFindings(findings, {
      pass: seen.join('; '),
      remediation: `OSM writes its root certificate (Secret osm-ca-bundle in ${install.namespace}) into the caBundle when osm-controller and osm-injector start; restart the owner to re-patch it. An expired or expiring root must be rotated first (see the OSM certificate management docs).`,
    });
  },
});

interface Inspection {
  status?: 'warn' | 'fail';
  /** A bundle missing, truncated or not the CA: the owner's restart re-writes it (an expired root needs rotating instead). */
  restartHelps?: boolean;
  summary: string;
  evidence?: Evidence;
}

/** What `jq -r '.webhooks[i].clientConfig.caBundle' | wc -c` prints: the text plus jq's newline, `null` when absent. */
export function guideByteCount(caBundle: unknown): number {
  const text = typeof caBundle === 'string' ? caBundle : 'null';
  return Buffer.byteLength(text) + 1;
}

function inspect(entry: WebhookEntry, now: Date): Inspection {
  const ref = refString(entry.config);
  const path = `webhooks[${entry.index}].clientConfig.caBundle`;
  const caBundle: unknown = entry.webhook.clientConfig?.caBundle;
  const bytes = guideByteCount(caBundle);
  if (typeof caBundle !== 'string' || caBundle.trim() === '' || bytes < MIN_GUIDE_BYTES) {
    const observed = typeof caBundle !== 'string' ? 'absent' : caBundle.trim() === '' ? 'empty' : `${bytes} bytes`;
    return { status: 'fail', restartHelps: true, summary: `caBundle ${observed}`, evidence: { ref, path, observed, expected: `at least ${MIN_GUIDE_BYTES} bytes (wc -c)` } };
  }
  const certs = certificatesInBase64(caBundle);
  if (certs.length === 0) {
    return { status: 'fail', restartHelps: true, summary: `caBundle of ${bytes} bytes holds no certificate`, evidence: { ref, path, observed: `${bytes} bytes, not a PEM/DER certificate`, expected: 'a base64 PEM certificate' } };
  }
  const valid = certs.filter((c) => isValidAt(c, now));
  if (valid.length === 0) {
    const c = certs[0];
    const when = c.validTo.getTime() < now.getTime() ? `expired ${c.validTo.toISOString()}` : `not valid before ${c.validFrom.toISOString()}`;
    return { status: 'fail', summary: `certificate ${when}`, evidence: { ref, path, observed: `${c.subject}: ${when}`, expected: `valid at ${now.toISOString()}` } };
  }
  const longest = valid.reduce((a, b) => (b.validTo > a.validTo ? b : a));
  const days = daysUntilExpiry(longest, now);
  const summary = `${bytes} bytes, ${describe(longest)}`;
  if (days < EXPIRY_WARNING_DAYS) {
    return { status: 'warn', summary, evidence: { ref, path, observed: `${longest.subject} expires ${longest.validTo.toISOString()} (in ${days} days)`, expected: `more than ${EXPIRY_WARNING_DAYS} days of validity` } };
  }
  return { summary };
}

/**
 * A bundle can look fine and still not be the CA that signed the webhook's serving certificate: the API server's
 * own x509 errors when calling it are the proof (workloads' FailedCreate events / ReplicaFailure conditions).
 */
function rejectedByApiServer(snap: Snapshot, entry: WebhookEntry): Inspection | undefined {
  const name = entry.webhook.name;
  const svc = entry.webhook.clientConfig?.service;
  // Only the calls made to this entry's own service are about its caBundle.
  const tls = typeof name === 'string' ? webhookCallFailures(snap, name).filter((f) => f.tls && (!f.service || !svc || (f.service.name === svc.name && f.service.namespace === svc.namespace))) : [];
  if (tls.length === 0) return undefined;
  const summary = `the API server rejects the webhook's serving certificate (x509) with this caBundle, so it cannot create pods for ${tls.map((f) => f.subject).join(', ')}`;
  return { status: 'fail', restartHelps: true, summary, evidence: tls[0].evidence };
}

function describe(c: CertificateInfo): string {
  return `${commonName(c)} valid until ${c.validTo.toISOString().slice(0, 10)}`;
}

function commonName(c: CertificateInfo): string {
  return c.subject.split(', ').find((part) => part.startsWith('CN=')) ?? c.subject;
}

function toFinding(install: OsmInstall, exp: WebhookExpectation, entry: WebhookEntry, r: Inspection): Finding {
  const name = entry.config.metadata.name;
  return {
    status: r.status!,
    object: refOf(entry.config),
    message: `${name} webhook ${entry.webhook.name ?? entry.index}: ${r.summary}`,
    evidence: r.evidence ? [r.evidence] : [],
    commands: [
      `kubectl get ${exp.type.kind} ${name} -o json | jq -r '.webhooks[${entry.index}].clientConfig.caBundle' | wc -c`,
      `kubectl get secret osm-ca-bundle -n ${install.namespace} -o jsonpath='{.data.ca\\.crt}' | base64 -d | openssl x509 -noout -subject -enddate`,
      restartOwnerCommand(install, exp),
    ],
  };
}
