import type { AzureResource } from '../../snapshot/objects.js';
import { defineCheck, fromFindings, pass, type Finding } from '../define.js';
import { ARM_TYPES, azureObject, azureRef, clusterArgs, clusterFor, clusterIdentity, listedCompletely, lower, missingAzureData, type ClusterIdentity } from './arm.js';
import { oneLine } from './extension-status.js';
import { isNonCompliant, lastChange, nonCompliantObjects } from './flux-compliance.js';
import { dryRunWebhook, signatureHint } from './signatures.js';

/** A configuration Pending or Unknown for longer than this is stuck, not fresh (the agent reports within minutes). */
export const PENDING_GRACE_MINUTES = 30;

export default defineCheck({
  id: 'AZ004',
  area: 'azure',
  title: 'Flux configurations compliant',
  guide: 'GitOps (Flux v2)',
  reads: [],
  azure: [ARM_TYPES.fluxConfiguration],
  fixable: false,
  run(snap, ctx) {
    const configs = snap.azure(ARM_TYPES.fluxConfiguration);
    if (configs.length === 0) {
      if (listedCompletely(snap, ARM_TYPES.fluxConfiguration)) return pass('No Flux configurations exist');
      return missingAzureData(snap, ARM_TYPES.fluxConfiguration, 'az k8s-configuration flux list -g RG -c CLUSTER -t TYPE');
    }
    const cluster = clusterIdentity(snap);
    const notes: string[] = [];
    const findings = configs.flatMap((c) => findingFor(c, clusterFor(c, cluster), ctx.now, notes) ?? []);
    return fromFindings(findings, {
      pass: `${configs.length} Flux configuration(s) Compliant: ${configs.map((c) => c.name).join(', ')}`,
      notes,
      remediation: 'Each non-compliant object names its failing condition; fix the source (URL, branch, credentials) or the manifests it applies, then let Flux reconcile.',
    });
  },
});

function findingFor(config: AzureResource, cluster: ClusterIdentity, now: Date, notes: string[]): Finding | undefined {
  // The placeholder the commands use too: a nameless configuration is never "Flux configuration  is ...".
  const name = String(config.name ?? '<CONFIG_NAME>');
  const state = String(config.complianceState ?? 'Unknown');
  const objects = nonCompliantObjects(config);
  const failedProvisioning = ['failed', 'canceled'].includes(lower(config.provisioningState));
  const errorMessage = typeof config.errorMessage === 'string' && config.errorMessage.trim() ? oneLine(config.errorMessage) : undefined;
  const commands = commandsFor(config, cluster);
  if (isNonCompliant(state) || objects.length > 0 || failedProvisioning) {
    const parts = objects.map((o) => `${o.kind} ${o.name} ${o.state}${o.messages.length ? `: "${o.messages.join(' | ')}"${signatureHint(o.messages.join(' '))}` : ''}`);
    if (failedProvisioning) parts.unshift(`provisioningState ${config.provisioningState}${errorMessage ? `: "${errorMessage}"${signatureHint(errorMessage)}` : ''}`);
    const webhook = objects.flatMap((o) => o.messages).concat(errorMessage ?? []).map(dryRunWebhook).find(Boolean);
    return {
      status: 'fail',
      object: azureObject(config),
      message: `Flux configuration ${name} is ${state}${parts.length ? ': ' + parts.join('; ') : ''}`,
      evidence: [
        { ref: azureRef(config), path: 'properties.complianceState', observed: state, expected: 'Compliant' },
        ...objects.map((o) => o.evidence),
      ],
      commands: webhook ? [...commands, `arcdoctor check --check FLUX002   # webhook ${webhook} does not support dry run`] : commands,
    };
  }
  if (lower(state) === 'compliant' || lower(state) === 'suspended') {
    if (lower(state) === 'suspended') notes.push(`${name} is Suspended (reconciliation paused on purpose)`);
    return undefined;
  }
  // Pending / Unknown: a fresh configuration is Pending until the agent reports; only a stuck one is a problem.
  const since = lastChange(config);
  const minutes = since ? (now.getTime() - since.getTime()) / 60000 : undefined;
  if (minutes !== undefined && minutes < PENDING_GRACE_MINUTES) {
    notes.push(`${name} is ${state} (changed ${Math.max(0, Math.round(minutes))} min ago; the agent has not reported yet)`);
    return undefined;
  }
  return {
    status: 'warn',
    object: azureObject(config),
    message: `Flux configuration ${name} is ${state}${since ? ` since ${since.toISOString()}` : ''}: the in-cluster agent has not reported compliance`,
    evidence: [{ ref: azureRef(config), path: 'properties.complianceState', observed: state, expected: 'Compliant' }],
    commands: [...commands, 'arcdoctor check --area flux'],
  };
}

function commandsFor(config: AzureResource, cluster: ClusterIdentity): string[] {
  const name = String(config.name ?? '<CONFIG_NAME>');
  const namespace = typeof config.namespace === 'string' && config.namespace ? config.namespace : 'flux-system';
  return [
    `az k8s-configuration flux show ${clusterArgs(cluster, name)}`,
    `kubectl get fluxconfigs,gitrepositories,kustomizations,helmreleases -n ${namespace}`,
    `kubectl describe fluxconfig ${name} -n ${namespace}`,
  ];
}
