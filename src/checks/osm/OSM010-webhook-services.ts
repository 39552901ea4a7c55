import { defineCheck, fromFindings, skip, type Evidence, type Finding, type FixAction } from '../define.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { osmInstall, type OsmInstall } from './install.js';
import { findWebhookConfigs, restartOwnerCommand, webhookEntries, webhookExpectations, type WebhookEntry, type WebhookExpectation } from './webhooks.js';

/** The API server's default when clientConfig.service.port is omitted. */
const DEFAULT_SERVICE_PORT = 443;

export default defineCheck({
  id: 'OSM010',
  area: 'osm',
  title: 'OSM webhooks call the right service, namespace, path and port',
  guide: 'Verificar a Validação e a Mutação de webhooks',
  reads: [{ type: R.ValidatingWebhookConfiguration }, { type: R.MutatingWebhookConfiguration }, { type: R.Service }, { type: R.Deployment }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap) {
    const install = osmInstall(snap);
    const findings: Finding[] = [];
    const checked: string[] = [];
    for (const exp of webhookExpectations(install)) {
      for (const entry of webhookEntries(findWebhookConfigs(snap, install, exp).configs)) {
        checked.push(`${entry.config.metadata.name} → ${describeTarget(entry)}`);
        const finding = checkEntry(snap, install, exp, entry);
        if (finding) findings.push(finding);
      }
    }
    if (checked.length === 0) return skip('No OSM webhook configuration to inspect (see OSM009)');
    return fromFindings(findings, {
      pass: checked.join('; '),
      remediation: `The webhook configurations are owned by OSM: restart the deployment that owns each one so it rewrites clientConfig, and make sure the Service it points at exists in ${install.namespace}.`,
    });
  },
});

function describeTarget(entry: WebhookEntry): string {
  const svc = entry.webhook.clientConfig?.service;
  if (!svc) return entry.webhook.clientConfig?.url ? `url ${entry.webhook.clientConfig.url}` : 'no service';
  return `${svc.namespace}/${svc.name}:${svc.port ?? DEFAULT_SERVICE_PORT}${svc.path ?? ''}`;
}

function checkEntry(snap: Snapshot, install: OsmInstall, exp: WebhookExpectation, entry: WebhookEntry): Finding | undefined {
  const ref = refString(entry.config);
  const base = `webhooks[${entry.index}].clientConfig`;
  const svc = entry.webhook.clientConfig?.service;
  const evidence: Evidence[] = [];
  if (!svc || typeof svc !== 'object') {
    evidence.push({ ref, path: `${base}.service`, observed: entry.webhook.clientConfig?.url ? `url ${entry.webhook.clientConfig.url}` : 'absent', expected: `service ${exp.serviceNames[0]} in ${install.namespace}` });
  } else {
    const port = svc.port ?? DEFAULT_SERVICE_PORT;
    if (!exp.serviceNames.includes(svc.name)) evidence.push({ ref, path: `${base}.service.name`, observed: svc.name, expected: exp.serviceNames.join(' or ') });
    if (svc.namespace !== install.namespace) evidence.push({ ref, path: `${base}.service.namespace`, observed: svc.namespace, expected: install.namespace });
    if (svc.path !== exp.path) evidence.push({ ref, path: `${base}.service.path`, observed: svc.path ?? 'absent', expected: exp.path });
    if (Number(port) !== exp.port) evidence.push({ ref, path: `${base}.service.port`, observed: svc.port === undefined ? `absent (${DEFAULT_SERVICE_PORT})` : port, expected: exp.port });
    if (evidence.length === 0) evidence.push(...serviceEvidence(snap, exp, svc.namespace, svc.name));
  }
  if (evidence.length === 0) return undefined;
  const ownFields = evidence.some((e) => e.ref === ref);
  return {
    status: 'fail',
    object: refOf(entry.config),
    message: `${entry.config.metadata.name} webhook ${entry.webhook.name ?? entry.index}: ${problemText(evidence, base, ref)}`,
    evidence,
    commands: [
      `kubectl get ${exp.type.kind} ${entry.config.metadata.name} -o json | jq '.webhooks[${entry.index}].clientConfig.service'`,
      `kubectl get service ${exp.serviceNames[0]} -n ${install.namespace}`,
      restartOwnerCommand(install, exp),
    ],
    fixes: ownFields ? [restoreServiceFix(install, exp, entry)] : undefined,
  };
}

/**
 * Puts back the clientConfig OSM writes (webhook.go / patch.go): the release's service, namespace, port and path,
 * keeping the caBundle. A missing Service is not the configuration's fault, so that case has no fix here.
 */
function restoreServiceFix(install: OsmInstall, exp: WebhookExpectation, entry: WebhookEntry): FixAction {
  const current = entry.webhook.clientConfig?.service;
  const name = current && exp.serviceNames.includes(current.name) ? current.name : exp.serviceNames[0];
  const service = { name, namespace: install.namespace, port: exp.port, path: exp.path };
  const caBundle = entry.webhook.clientConfig?.caBundle;
  return {
    title: `Restore ${entry.config.metadata.name} webhooks[${entry.index}] (${entry.webhook.name ?? entry.index}) clientConfig.service to ${install.namespace}/${name}:${exp.port}${exp.path}`,
    target: { apiVersion: entry.config.apiVersion, kind: entry.config.kind, name: entry.config.metadata.name },
    patchType: 'json',
    patch: [{ op: 'replace', path: `/webhooks/${entry.index}/clientConfig`, value: caBundle === undefined ? { service } : { caBundle, service } }],
  };
}

/** `clientConfig.service.name, service.port differ from what OSM expects`, or what is wrong with the Service it calls. */
function problemText(evidence: Evidence[], base: string, configRef: string): string {
  const ownFields = evidence.filter((e) => e.ref === configRef).map((e) => e.path?.replace(`${base}.`, '') ?? '');
  if (ownFields.length) return `${ownFields.join(', ')} differ${ownFields.length === 1 ? 's' : ''} from what OSM expects`;
  const svc = evidence[0];
  return svc.path === 'spec.ports'
    ? `the Service it calls, ${svc.ref}, does not expose ${String(svc.expected)} (it has ${String(svc.observed)}): every admission call fails`
    : `the Service it calls, ${svc.ref}, does not exist: every admission call fails`;
}

/** The Service the webhook calls must exist and expose the webhook port (judged only when the snapshot holds Services). */
function serviceEvidence(snap: Snapshot, exp: WebhookExpectation, namespace: string, name: string): Evidence[] {
  if (!snap.knowsType(R.Service)) return [];
  const service = snap.get(R.Service, namespace, name);
  const ref = `v1/Service ${namespace}/${name}`;
  if (!service) return [{ ref, path: 'metadata.name', observed: 'not found', expected: `a Service ${name} with port ${exp.port}` }];
  const ports: Array<{ port?: number }> = Array.isArray(service.spec?.ports) ? service.spec.ports : [];
  if (!ports.some((p) => Number(p?.port) === exp.port)) {
    return [{ ref, path: 'spec.ports', observed: ports.map((p) => p?.port).join(',') || 'none', expected: `port ${exp.port}` }];
  }
  return [];
}
