import { describe, expect, it } from 'vitest';
import AZ001 from '../../../src/checks/azure/AZ001-providers-registered.js';
import { runOne, type AzureResource } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed, healthyAks, healthyArc } from './azure-fixtures.js';

const notRegistered = (_ns: string) => (r: AzureResource) => {
  r.registrationState = 'NotRegistered';
};
const byNs = (ns: string) => (r: AzureResource) => r.namespace === ns;

describe('AZ001 resource providers registered', () => {
  const valid = [
    { name: 'passes on an Arc cluster with both providers Registered', azure: healthyArc(), fragment: 'Microsoft.KubernetesConfiguration, Microsoft.Kubernetes Registered' },
    { name: 'passes on AKS requiring Microsoft.ContainerService', azure: healthyAks(), fragment: 'Microsoft.ContainerService Registered' },
    {
      name: 'passes when Microsoft.Kubernetes is unregistered but the cluster is AKS',
      azure: changed(healthyAks(), 'providers', notRegistered('Microsoft.Kubernetes'), byNs('Microsoft.Kubernetes')),
      fragment: 'Registered',
    },
    {
      name: 'passes partially, noting a required provider with no data',
      azure: [...azureFixture('cli/connectedcluster.json'), ...azureFixture('cli/providers.json').filter((p) => p.namespace !== 'Microsoft.Kubernetes')],
      fragment: 'not checked, no data: Microsoft.Kubernetes',
    },
  ];
  for (const c of valid) {
    it(c.name, () => {
      const r = runOne(AZ001, azureSnap(c.azure));
      expect(r.status).toBe('pass');
      expect(r.message).toContain(c.fragment);
    });
  }

  const invalid = [
    {
      name: 'fails when Microsoft.KubernetesConfiguration is NotRegistered, with the register command',
      azure: changed(healthyArc(), 'providers', notRegistered('x'), byNs('Microsoft.KubernetesConfiguration')),
      status: 'fail',
      fragment: 'Microsoft.KubernetesConfiguration is NotRegistered',
      command: 'az provider register --namespace Microsoft.KubernetesConfiguration --subscription 00000000-0000-0000-0000-000000000001',
    },
    {
      name: 'fails when Microsoft.Kubernetes is Unregistered on an Arc cluster',
      azure: changed(healthyArc(), 'providers', (r) => (r.registrationState = 'Unregistered'), byNs('Microsoft.Kubernetes')),
      status: 'fail',
      fragment: 'Microsoft.Kubernetes is Unregistered',
      command: 'az provider register --namespace Microsoft.Kubernetes --subscription 00000000-0000-0000-0000-000000000001',
    },
    {
      name: 'warns while a provider is Registering',
      azure: changed(healthyAks(), 'providers', (r) => (r.registrationState = 'Registering'), byNs('Microsoft.ContainerService')),
      status: 'warn',
      fragment: 'still Registering',
      command: 'az provider register --namespace Microsoft.ContainerService --subscription 00000000-0000-0000-0000-000000000001',
    },
  ];
  for (const c of invalid) {
    it(c.name, () => {
      const r = runOne(AZ001, azureSnap(c.azure));
      expect(r.status).toBe(c.status);
      expect(r.message).toContain(c.fragment);
      expect(r.remediation?.commands).toContain(c.command);
      expect(r.evidence[0]).toMatchObject({ path: 'registrationState', expected: 'Registered' });
    });
  }

  it('skips when there is no provider data at all', () => {
    const r = runOne(AZ001, azureSnap(azureFixture('cli/flux-extension.json')));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('az provider show -n Microsoft.KubernetesConfiguration');
  });

  it('ends in error when reading the providers was refused', () => {
    const r = runOne(AZ001, azureSnap(azureFixture('cli/flux-extension.json'), { azureFailures: [{ armType: 'Microsoft.Resources/providers', reason: 'forbidden', message: 'reading providers refused (403)' }] }));
    expect(r.status).toBe('error');
    expect(r.message).toContain('403');
  });

  it('skips the whole area with one line saying how to enable it when there is no Azure data', () => {
    const r = runOne(AZ001, azureSnap([]));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('--azure-subscription/--resource-group/--cluster/--cluster-type');
    expect(r.message).toContain('azure/');
  });

  it('skips the whole area with the login hint when Azure could not be read at all', () => {
    const r = runOne(AZ001, azureSnap([], { azureFailures: [{ armType: '*', reason: 'no-credentials', message: 'Azure not read: no usable Azure login; log in with `az login`' }] }));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('az login');
  });
});
