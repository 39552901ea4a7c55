// Azure Resource Graph spells some property names differently from ARM (Microsoft's sample queries read
// `properties.ExtensionType`, `properties.ProvisioningState`); the az CLI and ARM print camelCase. Names are compared
// case-insensitively and rewritten to the ARM spelling the checks read. Only the names below are rewritten: keys that
// are user data (configurationSettings keys, kustomization names, tags) keep their spelling.

const CANONICAL = [
  // every ARM resource
  'id', 'name', 'type', 'location', 'properties', 'systemData', 'createdAt', 'lastModifiedAt', 'subscriptionId', 'resourceGroup', 'tags', 'identity',
  // extensions
  'extensionType', 'provisioningState', 'installState', 'statuses', 'errorInfo', 'code', 'message', 'details', 'target', 'level', 'displayStatus', 'time',
  'currentVersion', 'installedVersion', 'version', 'releaseTrain', 'autoUpgradeMinorVersion', 'scope', 'cluster', 'releaseNamespace', 'namespace',
  'targetNamespace', 'configurationSettings', 'configurationProtectedSettings', 'aksAssignedIdentity', 'isSystemExtension',
  // Flux v2 fluxConfigurations
  'complianceState', 'statusConditions', 'status', 'reason', 'lastTransitionTime', 'kind', 'appliedBy', 'helmReleaseProperties', 'errorMessage',
  'statusUpdatedAt', 'sourceKind', 'sourceSyncedCommitId', 'sourceUpdatedAt', 'gitRepository', 'bucket', 'azureBlob', 'ociRepository', 'url',
  'repositoryRef', 'branch', 'tag', 'semver', 'commit', 'kustomizations', 'path', 'dependsOn', 'prune', 'force', 'suspend', 'reconciliationWaitDuration',
  // Flux v1 sourceControlConfigurations
  'repositoryUrl', 'operatorType', 'operatorParams', 'operatorScope', 'operatorNamespace', 'operatorInstanceName', 'complianceStatus', 'messageLevel',
  'lastConfigApplied', 'helmOperatorProperties', 'enableHelmOperator', 'chartVersion', 'chartValues', 'sshKnownHostsContents', 'repositoryPublicKey',
  // providers and features
  'registrationState', 'registrationPolicy', 'resourceTypes', 'resourceType', 'state',
  // clusters
  'connectivityStatus', 'kubernetesVersion', 'agentVersion', 'distribution', 'infrastructure', 'lastConnectivityTime', 'powerState',
] as const;

const BY_LOWER = new Map<string, string>(CANONICAL.map((k) => [k.toLowerCase(), k]));

/** Keys under which the values are user-chosen names: descend into their values, never rename the keys themselves. */
const USER_KEYED = new Set(['configurationSettings', 'configurationProtectedSettings', 'kustomizations', 'tags', 'chartValues']);

/** A copy of `value` with known property names in their ARM spelling, at any depth. */
export function canonicalKeys(value: unknown, depth = 0, userKeyed = false): unknown {
  if (depth > 12 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => canonicalKeys(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = userKeyed ? key : BY_LOWER.get(key.toLowerCase()) ?? key;
    // The ARM spelling wins when a document carries both spellings.
    if (name !== key && Object.prototype.hasOwnProperty.call(value, name)) continue;
    if (name === 'configurationSettings' || name === 'configurationProtectedSettings' || name === 'tags') out[name] = v;
    else out[name] = canonicalKeys(v, depth + 1, !userKeyed && USER_KEYED.has(name));
  }
  return out;
}
