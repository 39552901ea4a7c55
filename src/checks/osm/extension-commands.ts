// Commands that restore what the Arc OSM extension installed, with the cluster's real names where the snapshot
// knows them (the extension's ARM id) and explained placeholders where it does not.
import type { OsmInstall } from './install.js';

export interface ExtensionCoordinates {
  resourceGroup: string;
  clusterName: string;
  clusterType: string;
  extensionName: string;
}

const ARM_ID = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.(?:Kubernetes|ContainerService)\/(connectedClusters|managedClusters)\/([^/]+)\/providers\/Microsoft\.KubernetesConfiguration\/extensions\/([^/]+)/i;

/** Resource group, cluster and extension name from the extension's ARM id, or placeholders. */
export function extensionCoordinates(install: OsmInstall): ExtensionCoordinates {
  const id = String(install.extension?.resource?.id ?? '');
  const m = ARM_ID.exec(id);
  if (m) return { resourceGroup: m[1], clusterType: m[2], clusterName: m[3], extensionName: m[4] };
  return {
    resourceGroup: '<resource-group>',
    clusterName: '<cluster-name>',
    clusterType: 'connectedClusters',
    extensionName: install.extension?.name || 'osm',
  };
}

/**
 * The Arc extension installs OSM as a Helm release named after the extension. Re-applying the release's own
 * manifest restores a deleted Deployment or Service without touching anything else; recreating the extension
 * is the heavier fallback.
 */
export function restoreControlPlaneCommands(install: OsmInstall): string[] {
  const c = extensionCoordinates(install);
  const az = `--resource-group ${c.resourceGroup} --cluster-name ${c.clusterName} --cluster-type ${c.clusterType}`;
  return [
    `helm get manifest ${c.extensionName} -n ${install.namespace} | kubectl apply -n ${install.namespace} -f -`,
    `az k8s-extension show ${az} --name ${c.extensionName}`,
    `az k8s-extension delete ${az} --name ${c.extensionName} --yes`,
    `az k8s-extension create ${az} --name ${c.extensionName} --extension-type Microsoft.openservicemesh --scope cluster${pinned(install)}`,
  ];
}

/** Keep a pinned version pinned when the extension is recreated. */
function pinned(install: OsmInstall): string {
  const ext = install.extension;
  if (!ext?.version || ext.autoUpgradeMinorVersion !== false) return '';
  return ` --version ${ext.version} --auto-upgrade-minor-version false`;
}
