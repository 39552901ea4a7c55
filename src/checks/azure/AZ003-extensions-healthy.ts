import type { AzureResource } from '../../snapshot/objects.js';
import { EXTENSION_TYPES } from '../shared/extensions.js';
import { defineCheck, fromFindings, pass, type ArmFixAction, type Finding } from '../define.js';
import { ARM_TYPES, azureObject, clusterArgs, clusterFor, clusterIdentity, listedCompletely, lower, missingAzureData, type ClusterIdentity } from './arm.js';
import { kubeletIdentityFix } from './arm-fixes.js';
import { extensionProblems } from './extension-status.js';
import { signatureHint, signaturesIn } from './signatures.js';

export default defineCheck({
  id: 'AZ003',
  area: 'azure',
  title: 'Cluster extensions provisioned without errors',
  guide: 'Erros ao instalar a extensão microsoft.flux',
  reads: [],
  azure: [ARM_TYPES.extension],
  fixable: true,
  run(snap) {
    const extensions = snap.azure(ARM_TYPES.extension);
    if (extensions.length === 0) {
      if (listedCompletely(snap, ARM_TYPES.extension)) return pass('No cluster extensions are installed');
      return missingAzureData(snap, ARM_TYPES.extension, 'az k8s-extension list -g RG -c CLUSTER -t TYPE');
    }
    const cluster = clusterIdentity(snap);
    const userKubelet = hasUserKubeletIdentity(snap.azure(ARM_TYPES.managedCluster)[0]);
    const findings = extensions.flatMap((ext) => findingFor(ext, clusterFor(ext, cluster), userKubelet) ?? []);
    const names = extensions.map((e) => `${e.name} (${e.extensionType ?? 'unknown type'})`).join(', ');
    return fromFindings(findings, {
      pass: `${extensions.length} extension(s) Succeeded with no error status: ${names}`,
      remediation:
        'Read each quoted status: it names the cause. Where a status matches a known signature, the linked check shows the in-cluster side. ' +
        'For microsoft.flux the guide’s recovery is: force-delete the extension, uninstall its Helm release, delete its namespace, then re-create it.',
    });
  },
});

function findingFor(ext: AzureResource, cluster: ClusterIdentity, userKubelet: boolean): Finding | undefined {
  const problems = extensionProblems(ext);
  if (problems.length === 0) return undefined;
  const name = String(ext.name ?? '');
  const type = String(ext.extensionType ?? 'unknown type');
  const quotes = problems.map((p) => `"${p.quote}"${signatureHint(p.quote, type)}`);
  const status = problems.some((p) => p.status === 'fail') ? 'fail' : 'warn';
  const linked = [...new Set(problems.flatMap((p) => signaturesIn(p.quote, type).map((s) => s.checkId)))];
  return {
    status,
    object: azureObject(ext),
    message: `Extension ${name} (${type}): ${quotes.join('; ')}`,
    evidence: problems.map((p) => p.evidence),
    commands: status === 'fail' ? commandsFor(ext, cluster, linked) : [`az k8s-extension show ${clusterArgs(cluster, name)}`],
    fixes: status === 'fail' && userKubelet ? kubeletFixFor(ext) : undefined,
  };
}

/** AKS with a user-assigned kubelet identity: microsoft.flux must pull as it (the guide's useKubeletIdentity=true). */
function hasUserKubeletIdentity(cluster: AzureResource | undefined): boolean {
  const kubelet = cluster?.identityProfile?.kubeletidentity ?? cluster?.properties?.identityProfile?.kubeletidentity;
  return Boolean(kubelet?.resourceId || kubelet?.clientId);
}

function kubeletFixFor(ext: AzureResource): ArmFixAction[] | undefined {
  if (lower(ext.extensionType) !== EXTENSION_TYPES.flux) return undefined;
  const settings: Record<string, unknown> = ext.configurationSettings ?? ext.properties?.configurationSettings ?? {};
  const entry = Object.entries(settings).find(([k]) => k.toLowerCase() === 'usekubeletidentity');
  if (entry && String(entry[1]).trim().toLowerCase() === 'true') return undefined;
  const fix = kubeletIdentityFix(ext, entry === undefined ? undefined : String(entry[1]));
  return fix ? [fix] : undefined;
}

function commandsFor(ext: AzureResource, cluster: ClusterIdentity, linked: string[]): string[] {
  const name = String(ext.name ?? '<EXTENSION_NAME>');
  const type = String(ext.extensionType ?? '<EXTENSION_TYPE>');
  const args = clusterArgs(cluster, name);
  const show = `az k8s-extension show ${args}`;
  const inCluster = linked.map((id) => `arcdoctor check --check ${id}`);
  if (lower(type) !== EXTENSION_TYPES.flux) return [show, ...inCluster];
  const namespace = ext.scope?.cluster?.releaseNamespace ?? 'flux-system';
  return [
    show,
    ...inCluster,
    `az k8s-extension delete --force ${args}`,
    `helm uninstall ${name} -n ${namespace}`,
    `kubectl delete namespaces ${namespace}`,
    `az k8s-extension create ${args} --extension-type microsoft.flux`,
  ];
}
