import type { AzureResource } from '../../snapshot/objects.js';
import { defineCheck, fromFindings, pass, type Finding } from '../define.js';
import { ARM_TYPES, azureObject, azureRef, clusterArgs, clusterFor, clusterIdentity, listedCompletely, missingAzureData, type ClusterIdentity } from './arm.js';

export default defineCheck({
  id: 'AZ005',
  area: 'azure',
  title: 'No Flux v1 configurations (sourceControlConfigurations) remain',
  guide: 'Flux v1',
  reads: [],
  azure: [ARM_TYPES.sourceControlConfiguration],
  fixable: false,
  run(snap) {
    const configs = snap.azure(ARM_TYPES.sourceControlConfiguration);
    if (configs.length === 0) {
      if (listedCompletely(snap, ARM_TYPES.sourceControlConfiguration)) return pass('No Flux v1 sourceControlConfigurations exist');
      return missingAzureData(snap, ARM_TYPES.sourceControlConfiguration, 'az k8s-configuration list -g RG -c CLUSTER -t TYPE');
    }
    const cluster = clusterIdentity(snap);
    const findings = configs.map((c) => findingFor(c, clusterFor(c, cluster)));
    return fromFindings(findings, {
      pass: '',
      remediation:
        'Flux v1 support ended on 2025-05-24 and no Flux v1 configuration can be created since 2024-01-01. Re-create each one as a Flux v2 ' +
        'fluxConfiguration (check the branch and path the commands fill in from operatorParams), confirm it is Compliant, then delete the Flux v1 one.',
    });
  },
});

function findingFor(config: AzureResource, cluster: ClusterIdentity): Finding {
  const name = String(config.name ?? '<NAME>');
  // The name `flux create` gives the v2 configuration: `flux show` must name the same one (flux-v2 without a name).
  const v2 = v2Name(String(config.name ?? ''));
  return {
    status: 'fail',
    object: azureObject(config),
    message: `Flux v1 configuration ${name} still exists (repository ${config.repositoryUrl ?? 'unknown'}); Flux v1 is no longer supported`,
    evidence: [{ ref: azureRef(config), path: 'properties.operatorType', observed: `${config.operatorType ?? 'Flux'} (Flux v1 sourceControlConfiguration)`, expected: 'a Flux v2 fluxConfiguration instead' }],
    commands: [fluxV2Create(config, cluster, v2), `az k8s-configuration flux show ${clusterArgs(cluster, v2)} --query complianceState`, `az k8s-configuration delete ${clusterArgs(cluster, name)}`],
  };
}

/** Flux v1 names allow `_` and capitals; fluxConfiguration names are lowercase DNS labels. */
export function v2Name(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'flux-v2';
}

function fluxV2Create(config: AzureResource, cluster: ClusterIdentity, v2: string): string {
  const params = typeof config.operatorParams === 'string' ? config.operatorParams : '';
  const branch = flagValue(params, 'git-branch') ?? '<BRANCH>';
  const path = flagValue(params, 'git-path') ?? './';
  const scope = String(config.operatorScope ?? 'cluster').toLowerCase() === 'namespace' ? 'namespace' : 'cluster';
  const namespace = typeof config.operatorNamespace === 'string' && config.operatorNamespace ? v2Name(config.operatorNamespace) : 'default';
  const url = typeof config.repositoryUrl === 'string' ? config.repositoryUrl : '<REPOSITORY_URL>';
  return `az k8s-configuration flux create ${clusterArgs(cluster, v2)} --namespace ${namespace} --scope ${scope} -u ${url} --branch ${branch} --kustomization name=${v2} path=${path} prune=true`;
}

/** `--git-branch=main`, `--git-branch main`, or either with the value in single or double quotes, in Flux v1's operatorParams. */
export function flagValue(params: string, flag: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)--${flag}(?:=|\\s+)(?:'([^']*)'|"([^"]*)"|([^\\s'"]+))`).exec(params);
  return (m?.[1] ?? m?.[2] ?? m?.[3]) || undefined;
}
