import type { AzureResource } from '../../snapshot/objects.js';
import { defineCheck, fromFindings, pass, type Finding } from '../define.js';
import { registerProviderFix } from './arm-fixes.js';
import { ARM_TYPES, CLUSTER_RP, clusterIdentity, lower, missingAzureData, type ClusterIdentity } from './arm.js';

const CONFIGURATION_RP = 'Microsoft.KubernetesConfiguration';

/** The providers a cluster type needs: configuration always, plus the cluster's own RP. */
export function requiredProviders(cluster: ClusterIdentity): string[] {
  return cluster.clusterType ? [CONFIGURATION_RP, CLUSTER_RP[cluster.clusterType]] : [CONFIGURATION_RP];
}

/** `az provider show` prints `namespace`; the REST id ends with it too. */
function providerOf(providers: AzureResource[], namespace: string): AzureResource | undefined {
  const ns = namespace.toLowerCase();
  return providers.find((p) => lower(p.namespace) === ns || lower(p.id).endsWith(`/providers/${ns}`));
}

export default defineCheck({
  id: 'AZ001',
  area: 'azure',
  title: 'Resource providers registered',
  guide: 'GitOps (Flux v2)',
  reads: [],
  azure: [ARM_TYPES.provider],
  fixable: true,
  run(snap) {
    const cluster = clusterIdentity(snap);
    const required = requiredProviders(cluster);
    const providers = snap.azure(ARM_TYPES.provider);
    const seen = required.map((ns) => ({ ns, provider: providerOf(providers, ns) }));
    const known = seen.filter((s) => s.provider);
    if (known.length === 0) {
      const missing = missingAzureData(snap, ARM_TYPES.provider, `az provider show -n ${required.join(' / ')}`);
      return missing;
    }
    const subscription = cluster.subscription ? ` --subscription ${cluster.subscription}` : '';
    const findings: Finding[] = [];
    for (const { ns, provider } of known) {
      const state = String(provider!.registrationState ?? 'unknown');
      if (state.toLowerCase() === 'registered') continue;
      const inProgress = state.toLowerCase() === 'registering';
      findings.push({
        status: inProgress ? 'warn' : 'fail',
        object: { kind: 'providers', name: ns },
        message: inProgress ? `Resource provider ${ns} is still Registering` : `Resource provider ${ns} is ${state}, not Registered`,
        evidence: [{ ref: `${ARM_TYPES.provider} ${provider!.id ?? ns}`, path: 'registrationState', observed: state, expected: 'Registered' }],
        commands: [`az provider register --namespace ${ns}${subscription}`, `az provider show -n ${ns}${subscription} --query registrationState -o tsv`],
        // Registering is idempotent, but one already Registering needs no second request.
        fixes: !inProgress && cluster.subscription ? [registerProviderFix(cluster.subscription, ns)] : undefined,
      });
    }
    const notes = notesFor(cluster, seen.filter((s) => !s.provider).map((s) => s.ns));
    if (findings.length === 0) {
      const names = known.map((s) => s.ns).join(', ');
      return pass(`${names} Registered${notes.length ? ` (${notes.join('; ')})` : ''}`, { notes });
    }
    return fromFindings(findings, {
      pass: '',
      notes,
      remediation: 'Register the resource providers the cluster extensions and Flux configurations need (registration takes a few minutes; re-run once it says Registered).',
    });
  },
});

function notesFor(cluster: ClusterIdentity, withoutData: string[]): string[] {
  const notes: string[] = [];
  if (withoutData.length) notes.push(`not checked, no data: ${withoutData.join(', ')}`);
  if (!cluster.clusterType) notes.push('cluster type unknown: only Microsoft.KubernetesConfiguration was required');
  return notes;
}
