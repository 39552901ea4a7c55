// The Azure changes `arcdoctor fix --azure` applies, built from the evidence: the exact ARM path and body.
// Pure (no I/O): checks attach these to their findings; src/fix/azure.ts sends them after consent.
import type { AzureResource } from '../../snapshot/objects.js';
import type { ArmFixAction } from '../define.js';

/** The api-versions the live Azure source reads with (src/sources/azure-live.ts), so writes match reads. */
export const ARM_WRITE_API_VERSIONS = { providers: '2021-04-01', features: '2021-07-01', extensions: '2023-05-01' } as const;

const NEVER_UNREGISTERED =
  'a registration is never undone by arcdoctor (unregistering a provider or feature affects every resource of the subscription); to undo it by hand: ';

export function registerProviderFix(subscription: string, namespace: string): ArmFixAction {
  return {
    kind: 'arm',
    title: `Register the resource provider ${namespace} on subscription ${subscription}`,
    requests: [{ method: 'POST', path: `/subscriptions/${subscription}/providers/${namespace}/register`, apiVersion: ARM_WRITE_API_VERSIONS.providers }],
    notUndoable: `${NEVER_UNREGISTERED}az provider unregister --namespace ${namespace} --subscription ${subscription}`,
    waitFor: `${namespace} to reach Registered (a few minutes): az provider show -n ${namespace} --subscription ${subscription} --query registrationState -o tsv`,
  };
}

/** AKS-ExtensionManager, then Microsoft.ContainerService re-registered so the feature propagates (the guide's order). */
export function registerExtensionManagerFix(subscription: string): ArmFixAction {
  return {
    kind: 'arm',
    title: `Register the feature Microsoft.ContainerService/AKS-ExtensionManager on subscription ${subscription}, then re-register Microsoft.ContainerService`,
    requests: [
      { method: 'POST', path: `/subscriptions/${subscription}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager/register`, apiVersion: ARM_WRITE_API_VERSIONS.features },
      { method: 'POST', path: `/subscriptions/${subscription}/providers/Microsoft.ContainerService/register`, apiVersion: ARM_WRITE_API_VERSIONS.providers },
    ],
    notUndoable: `${NEVER_UNREGISTERED}az feature unregister --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${subscription}`,
    waitFor: `the feature to reach Registered (can take 15 minutes): az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${subscription} --query properties.state -o tsv`,
  };
}

/**
 * useKubeletIdentity=true on the microsoft.flux extension (an ARM PATCH of configurationSettings), polled to an
 * end state. Undo sets the previous value back; a setting that was absent cannot be removed by a PATCH, so then
 * the change is marked not undoable.
 */
export function kubeletIdentityFix(extension: AzureResource, previous: string | undefined): ArmFixAction | undefined {
  const id = typeof extension.id === 'string' ? extension.id : undefined;
  if (!id) return undefined;
  const body = (value: string) => ({ properties: { configurationSettings: { useKubeletIdentity: value } } });
  const apiVersion = ARM_WRITE_API_VERSIONS.extensions;
  return {
    kind: 'arm',
    title: `Set useKubeletIdentity=true on the microsoft.flux extension ${String(extension.name ?? id)} (was ${previous === undefined ? 'not set' : JSON.stringify(previous)})`,
    warning: 'source-controller restarts with the kubelet identity; if the extension does not take the setting, the guide’s fallback is to delete and re-create it with --config useKubeletIdentity=true',
    requests: [{ method: 'PATCH', path: id, apiVersion, body: body('true') }],
    ...(previous === undefined
      ? { notUndoable: 'useKubeletIdentity was not set before, and an ARM PATCH cannot remove a configuration setting; to undo, set it to "false": az k8s-extension update ... --config useKubeletIdentity=false' }
      : { undo: { method: 'PATCH' as const, path: id, apiVersion, body: body(previous) } }),
    poll: { path: id, apiVersion },
  };
}
