import { describe, expect, it } from 'vitest';
import AZ002 from '../../../src/checks/azure/AZ002-aks-extension-manager.js';
import { runOne, type AzureResource } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed, healthyAks, healthyArc } from './azure-fixtures.js';

const setState = (state: string) => (r: AzureResource) => {
  r.state = state;
  if (r.properties) r.properties.state = state;
};

describe('AZ002 AKS-ExtensionManager feature registered', () => {
  it('passes on AKS when the feature is Registered', () => {
    const r = runOne(AZ002, azureSnap(healthyAks()));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('AKS-ExtensionManager is Registered');
  });

  it('passes with the REST form (properties wrapper, no flattening)', () => {
    const raw = JSON.parse(JSON.stringify(azureFixture('cli/feature-aks-extensionmanager.json')[0]));
    delete raw.state;
    const r = runOne(AZ002, azureSnap([...azureFixture('cli/managedcluster.json'), raw]));
    expect(r.status).toBe('pass');
  });

  const invalid = [
    { name: 'fails when the feature is NotRegistered, with register then provider register', state: 'NotRegistered', status: 'fail' },
    { name: 'fails when the feature is Unregistered', state: 'Unregistered', status: 'fail' },
    { name: 'warns while the feature is Registering', state: 'Registering', status: 'warn' },
  ];
  for (const c of invalid) {
    it(c.name, () => {
      const failedInstall = changed(healthyAks(), 'extensions', (e) => (e.provisioningState = 'Failed'));
      const r = runOne(AZ002, azureSnap(changed(failedInstall, 'features', setState(c.state))));
      expect(r.status).toBe(c.status);
      expect(r.message).toContain(c.state);
      expect(r.remediation?.commands[0]).toBe('az feature register --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription 00000000-0000-0000-0000-000000000001');
      expect(r.remediation?.commands).toContain('az provider register -n Microsoft.ContainerService --subscription 00000000-0000-0000-0000-000000000001');
    });
  }

  it('skips for a connectedClusters (Arc) cluster even when the feature is unregistered', () => {
    const r = runOne(AZ002, azureSnap([...healthyArc(), ...changed(azureFixture('cli/feature-aks-extensionmanager.json'), 'features', setState('NotRegistered'))]));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('connectedClusters');
  });

  it('skips on AKS without feature data, saying which command gives it', () => {
    const r = runOne(AZ002, azureSnap(healthyAks().filter((x) => !x.type.endsWith('features'))));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('az feature show');
  });

  it('ends in error on AKS when reading the feature was refused', () => {
    const snap = azureSnap(healthyAks().filter((x) => !x.type.endsWith('features')), {
      azureFailures: [{ armType: 'Microsoft.Features/providers/features', reason: 'forbidden', message: 'reading features refused (403): AuthorizationFailed' }],
    });
    const r = runOne(AZ002, snap);
    expect(r.status).toBe('error');
    expect(r.message).toContain('AuthorizationFailed');
  });

  it('fails as the catalog says when the feature is NotRegistered, mentioning extensions that installed anyway', () => {
    const r = runOne(AZ002, azureSnap(changed(healthyAks(), 'features', setState('NotRegistered'))));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('extension(s) flux installed nonetheless');
  });

  it('fails when the feature is NotRegistered and no extension data proves otherwise', () => {
    const r = runOne(AZ002, azureSnap(changed(healthyAks(), 'features', setState('NotRegistered')).filter((x) => !x.type.endsWith('extensions'))));
    expect(r.status).toBe('fail');
  });
});
