// The ARM changes the AZ checks propose, whole: path, api-version, body, undo or why not, poll, what to wait for.
import { describe, expect, it } from 'vitest';
import { ARM_WRITE_API_VERSIONS, kubeletIdentityFix, registerExtensionManagerFix, registerProviderFix } from '../../../src/checks/azure/arm-fixes.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const EXT = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1/providers/Microsoft.KubernetesConfiguration/extensions/flux`;
const TYPE = 'Microsoft.KubernetesConfiguration/extensions';
const NEVER = 'a registration is never undone by arcdoctor (unregistering a provider or feature affects every resource of the subscription); to undo it by hand: ';

describe('arm-fixes', () => {
  it('the api-versions match the reads', () => {
    expect(ARM_WRITE_API_VERSIONS).toEqual({ providers: '2021-04-01', features: '2021-07-01', extensions: '2023-05-01' });
  });

  it('registerProviderFix: one POST without a body, never undone, wait for Registered', () => {
    expect(registerProviderFix(SUB, 'Microsoft.Kubernetes')).toEqual({
      kind: 'arm',
      title: `Register the resource provider Microsoft.Kubernetes on subscription ${SUB}`,
      requests: [{ method: 'POST', path: `/subscriptions/${SUB}/providers/Microsoft.Kubernetes/register`, apiVersion: '2021-04-01' }],
      notUndoable: `${NEVER}az provider unregister --namespace Microsoft.Kubernetes --subscription ${SUB}`,
      waitFor: `Microsoft.Kubernetes to reach Registered (a few minutes): az provider show -n Microsoft.Kubernetes --subscription ${SUB} --query registrationState -o tsv`,
    });
  });

  it('registerExtensionManagerFix: the feature, then the provider re-registered, in that order', () => {
    expect(registerExtensionManagerFix(SUB)).toEqual({
      kind: 'arm',
      title: `Register the feature Microsoft.ContainerService/AKS-ExtensionManager on subscription ${SUB}, then re-register Microsoft.ContainerService`,
      requests: [
        { method: 'POST', path: `/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager/register`, apiVersion: '2021-07-01' },
        { method: 'POST', path: `/subscriptions/${SUB}/providers/Microsoft.ContainerService/register`, apiVersion: '2021-04-01' },
      ],
      notUndoable: `${NEVER}az feature unregister --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${SUB}`,
      waitFor: `the feature to reach Registered (can take 15 minutes): az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${SUB} --query properties.state -o tsv`,
    });
  });

  it('kubeletIdentityFix with a previous value: PATCH true, undo PATCH back, polled', () => {
    const body = (v: string) => ({ properties: { configurationSettings: { useKubeletIdentity: v } } });
    expect(kubeletIdentityFix({ type: TYPE, id: EXT, name: 'flux' }, 'false')).toEqual({
      kind: 'arm',
      title: 'Set useKubeletIdentity=true on the microsoft.flux extension flux (was "false")',
      warning: 'source-controller restarts with the kubelet identity; if the extension does not take the setting, the guide’s fallback is to delete and re-create it with --config useKubeletIdentity=true',
      requests: [{ method: 'PATCH', path: EXT, apiVersion: '2023-05-01', body: body('true') }],
      undo: { method: 'PATCH', path: EXT, apiVersion: '2023-05-01', body: body('false') },
      poll: { path: EXT, apiVersion: '2023-05-01' },
    });
  });

  it('kubeletIdentityFix without a previous value: not undoable; without a name, the id names it; without an id, no fix', () => {
    const fix = kubeletIdentityFix({ type: TYPE, id: EXT }, undefined)!;
    expect(fix.title).toBe(`Set useKubeletIdentity=true on the microsoft.flux extension ${EXT} (was not set)`);
    expect(fix.undo).toBeUndefined();
    expect(fix.notUndoable).toBe('useKubeletIdentity was not set before, and an ARM PATCH cannot remove a configuration setting; to undo, set it to "false": az k8s-extension update ... --config useKubeletIdentity=false');
    expect(Object.keys(fix)).toEqual(['kind', 'title', 'warning', 'requests', 'notUndoable', 'poll']);
    expect(kubeletIdentityFix({ type: TYPE, name: 'flux' }, 'false')).toBeUndefined();
    expect(kubeletIdentityFix({ type: TYPE, id: 42, name: 'flux' } as never, 'false')).toBeUndefined();
  });
});
