// Whole outcomes of AZ001 and AZ002 (status, message, evidence, remediation, findings), each side of each split:
// a substring assertion would let a changed command, a lost note or a doubled finding pass.
import { describe, expect, it } from 'vitest';
import AZ001 from '../../../src/checks/azure/AZ001-providers-registered.js';
import AZ002 from '../../../src/checks/azure/AZ002-aks-extension-manager.js';
import type { CheckDefinition } from '../../../src/checks/define.js';
import { NOW, type AzureResource } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed, healthyAks, healthyArc } from './azure-fixtures.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const run = (check: CheckDefinition, resources: AzureResource[]) => check.run(azureSnap(resources), { now: NOW, catalog: [] });
const byNs = (ns: string) => (r: AzureResource) => r.namespace === ns;
const providerRef = (ns: string) => `Microsoft.Resources/providers /subscriptions/${SUB}/providers/${ns}`;
const providerFinding = (status: 'warn' | 'fail', ns: string, state: string, message: string, sub = ` --subscription ${SUB}`, ref = providerRef(ns)) => ({
  status,
  object: { kind: 'providers', name: ns },
  message,
  evidence: [{ ref, path: 'registrationState', observed: state, expected: 'Registered' }],
  commands: [`az provider register --namespace ${ns}${sub}`, `az provider show -n ${ns}${sub} --query registrationState -o tsv`],
  fixes: status === 'fail' && sub ? [registerFix(ns)] : undefined,
});
// The exact ARM request `fix --azure` sends (src/checks/azure/arm-fixes.ts), pinned literally.
const registerFix = (ns: string) => ({
  kind: 'arm',
  title: `Register the resource provider ${ns} on subscription ${SUB}`,
  requests: [{ method: 'POST', path: `/subscriptions/${SUB}/providers/${ns}/register`, apiVersion: '2021-04-01' }],
  notUndoable: `a registration is never undone by arcdoctor (unregistering a provider or feature affects every resource of the subscription); to undo it by hand: az provider unregister --namespace ${ns} --subscription ${SUB}`,
  waitFor: `${ns} to reach Registered (a few minutes): az provider show -n ${ns} --subscription ${SUB} --query registrationState -o tsv`,
});
const AZ001_TEXT = 'Register the resource providers the cluster extensions and Flux configurations need (registration takes a few minutes; re-run once it says Registered).';

describe('AZ001 exact outcomes', () => {
  it('passes on Arc naming both providers, without notes', () => {
    expect(run(AZ001, healthyArc())).toEqual({ status: 'pass', message: 'Microsoft.KubernetesConfiguration, Microsoft.Kubernetes Registered', notes: [] });
  });

  it('with no cluster resource, requires only Microsoft.KubernetesConfiguration and says so in a note', () => {
    const note = 'cluster type unknown: only Microsoft.KubernetesConfiguration was required';
    expect(run(AZ001, azureFixture('cli/providers.json'))).toEqual({ status: 'pass', message: `Microsoft.KubernetesConfiguration Registered (${note})`, notes: [note] });
  });

  it('notes a required provider it has no data for', () => {
    const azure = [...azureFixture('cli/connectedcluster.json'), ...azureFixture('cli/providers.json').filter((p) => p.namespace !== 'Microsoft.Kubernetes')];
    const note = 'not checked, no data: Microsoft.Kubernetes';
    expect(run(AZ001, azure)).toEqual({ status: 'pass', message: `Microsoft.KubernetesConfiguration Registered (${note})`, notes: [note] });
  });

  it('skips naming both providers of an Arc cluster when there is no provider data', () => {
    expect(run(AZ001, azureFixture('cli/connectedcluster.json'))).toEqual({
      status: 'skip',
      message: 'no Microsoft.Resources/providers data (az provider show -n Microsoft.KubernetesConfiguration / Microsoft.Kubernetes)',
    });
  });

  it('reports one finding per provider: NotRegistered fails, Registering warns, worst wins', () => {
    let azure = changed(healthyArc(), 'providers', (r) => (r.registrationState = 'Registering'), byNs('Microsoft.Kubernetes'));
    azure = changed(azure, 'providers', (r) => (r.registrationState = 'NotRegistered'), byNs('Microsoft.KubernetesConfiguration'));
    const findings = [
      providerFinding('fail', 'Microsoft.KubernetesConfiguration', 'NotRegistered', 'Resource provider Microsoft.KubernetesConfiguration is NotRegistered, not Registered'),
      providerFinding('warn', 'Microsoft.Kubernetes', 'Registering', 'Resource provider Microsoft.Kubernetes is still Registering'),
    ];
    expect(run(AZ001, azure)).toEqual({
      status: 'fail',
      message: '2 problems: Resource provider Microsoft.KubernetesConfiguration is NotRegistered, not Registered; and 1 more',
      evidence: findings.flatMap((f) => f.evidence),
      remediation: { text: AZ001_TEXT, commands: findings.flatMap((f) => f.commands) },
      findings,
      fixes: [registerFix('Microsoft.KubernetesConfiguration')],
      notes: [],
    });
  });

  it('a single Registering provider only warns', () => {
    const r = run(AZ001, changed(healthyAks(), 'providers', (r) => (r.registrationState = 'registering'), byNs('Microsoft.ContainerService')));
    expect(r.status).toBe('warn');
    expect(r.findings).toEqual([providerFinding('warn', 'Microsoft.ContainerService', 'registering', 'Resource provider Microsoft.ContainerService is still Registering')]);
  });

  it('finds a provider by its REST id when `namespace` is absent, and one without an id by namespace', () => {
    const providers = azureFixture('cli/providers.json').map((p) => {
      if (p.namespace === 'Microsoft.Kubernetes') return { ...p, namespace: undefined, registrationState: 'Unregistered' };
      if (p.namespace === 'Microsoft.KubernetesConfiguration') return { ...p, id: undefined, registrationState: undefined };
      return p;
    });
    const r = run(AZ001, [...azureFixture('cli/connectedcluster.json'), ...providers]);
    expect(r.findings).toEqual([
      providerFinding('fail', 'Microsoft.KubernetesConfiguration', 'unknown', 'Resource provider Microsoft.KubernetesConfiguration is unknown, not Registered', ` --subscription ${SUB}`, 'Microsoft.Resources/providers Microsoft.KubernetesConfiguration'),
      providerFinding('fail', 'Microsoft.Kubernetes', 'Unregistered', 'Resource provider Microsoft.Kubernetes is Unregistered, not Registered'),
    ]);
  });

  it('a provider id that only starts with the namespace is not that provider', () => {
    const providers = azureFixture('cli/providers.json').map((p) => (p.namespace === 'Microsoft.Kubernetes' ? { ...p, namespace: undefined, id: `/subscriptions/${SUB}/providers/Microsoft.Kubernetes/extra` } : p));
    const r = run(AZ001, [...azureFixture('cli/connectedcluster.json'), ...providers]);
    expect(r.notes).toEqual(['not checked, no data: Microsoft.Kubernetes']);
  });

  it('leaves --subscription out when no resource says which subscription', () => {
    const r = run(AZ001, changed(azureFixture('cli/providers.json'), 'providers', (r) => (r.registrationState = 'NotRegistered'), byNs('Microsoft.KubernetesConfiguration')));
    expect(r.remediation?.commands).toEqual(['az provider register --namespace Microsoft.KubernetesConfiguration', 'az provider show -n Microsoft.KubernetesConfiguration --query registrationState -o tsv']);
    expect(r.notes).toEqual(['cluster type unknown: only Microsoft.KubernetesConfiguration was required']);
  });
});

const FEATURE_REF = `Microsoft.Features/providers/features /subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager`;
const featureEvidence = (observed: string, ref = FEATURE_REF) => [{ ref, path: 'properties.state', observed, expected: 'Registered' }];
const AZ002_REMEDIATION = {
  text: 'Register the AKS-ExtensionManager feature on the subscription, then re-register Microsoft.ContainerService so the registration propagates; retry the extension install afterwards.',
  commands: [
    `az feature register --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${SUB}`,
    `az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${SUB} --query properties.state -o tsv`,
    `az provider register -n Microsoft.ContainerService --subscription ${SUB}`,
  ],
};
const withFeature = (resources: AzureResource[], edit: (f: AzureResource) => void) => changed(resources, 'features', edit);
const setState = (state: string | undefined) => (f: AzureResource) => {
  f.state = state;
  f.properties = { state };
};

describe('AZ002 exact outcomes', () => {
  it('passes on AKS with the feature as evidence', () => {
    expect(run(AZ002, healthyAks())).toEqual({ status: 'pass', message: 'Microsoft.ContainerService/AKS-ExtensionManager is Registered', evidence: featureEvidence('Registered') });
  });

  it('skips on an Arc cluster, naming its type', () => {
    expect(run(AZ002, healthyArc())).toEqual({ status: 'skip', message: 'applies to AKS (managedClusters) only; this cluster is a connectedClusters' });
  });

  it('on AKS without feature data skips with the az command; with neither cluster nor feature says the type is unknown', () => {
    expect(run(AZ002, healthyAks().filter((r) => !r.type.endsWith('features')))).toEqual({
      status: 'skip',
      message: 'no Microsoft.Features/providers/features data (az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager)',
    });
    expect(run(AZ002, azureFixture('cli/providers.json'))).toEqual({
      status: 'skip',
      message: 'cluster type unknown and no AKS-ExtensionManager feature data (az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager)',
    });
  });

  it('evaluates the feature even when the cluster type is unknown', () => {
    expect(run(AZ002, azureFixture('cli/feature-aks-extensionmanager.json')).status).toBe('pass');
  });

  it('fails when NotRegistered, naming only the AKS extensions that reached Succeeded', () => {
    const arcExtension = { ...azureFixture('cli/flux-extension.json')[0], name: 'arc-flux' };
    const failed = { ...healthyAks().find((r) => r.type.endsWith('extensions'))!, name: 'broken', provisioningState: 'Failed' };
    const azure = [...withFeature(healthyAks(), setState('NotRegistered')), arcExtension, failed];
    expect(run(AZ002, azure)).toEqual({
      status: 'fail',
      message: 'Microsoft.ContainerService/AKS-ExtensionManager is NotRegistered, not Registered (extension(s) flux installed nonetheless)',
      evidence: featureEvidence('NotRegistered'),
      remediation: AZ002_REMEDIATION,
      fixes: [
        {
          kind: 'arm',
          title: `Register the feature Microsoft.ContainerService/AKS-ExtensionManager on subscription ${SUB}, then re-register Microsoft.ContainerService`,
          requests: [
            { method: 'POST', path: `/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager/register`, apiVersion: '2021-07-01' },
            { method: 'POST', path: `/subscriptions/${SUB}/providers/Microsoft.ContainerService/register`, apiVersion: '2021-04-01' },
          ],
          notUndoable: `a registration is never undone by arcdoctor (unregistering a provider or feature affects every resource of the subscription); to undo it by hand: az feature unregister --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${SUB}`,
          waitFor: `the feature to reach Registered (can take 15 minutes): az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager --subscription ${SUB} --query properties.state -o tsv`,
        },
      ],
    });
  });

  it('fails without the aside when no AKS extension installed', () => {
    const azure = withFeature(healthyAks().filter((r) => !r.type.endsWith('extensions')), setState('Unregistered'));
    expect(run(AZ002, azure).message).toBe('Microsoft.ContainerService/AKS-ExtensionManager is Unregistered, not Registered');
  });

  it.each(['Registering', 'Pending'])('warns while %s, with the same remediation', (state) => {
    expect(run(AZ002, withFeature(healthyAks(), setState(state)))).toEqual({
      status: 'warn',
      message: `Microsoft.ContainerService/AKS-ExtensionManager is ${state}: registration has not finished`,
      evidence: featureEvidence(state),
      remediation: AZ002_REMEDIATION,
    });
  });

  it('reads properties.state when the flat state is absent, and says unknown when neither is there', () => {
    expect(run(AZ002, withFeature(healthyAks(), (f) => { delete f.state; f.properties = { state: 'Pending' }; })).status).toBe('warn');
    expect(run(AZ002, withFeature(healthyAks(), (f) => { delete f.state; delete f.properties; })).message).toBe('Microsoft.ContainerService/AKS-ExtensionManager is unknown, not Registered (extension(s) flux installed nonetheless)');
  });

  it('finds the feature by id when its name is different, and names it by the feature name when it has no id', () => {
    expect(run(AZ002, withFeature(healthyAks(), (f) => (f.name = 'other'))).status).toBe('pass');
    expect(run(AZ002, withFeature(healthyAks(), (f) => (f.id = undefined))).evidence).toEqual(featureEvidence('Registered', 'Microsoft.Features/providers/features Microsoft.ContainerService/AKS-ExtensionManager'));
    expect(run(AZ002, withFeature(healthyAks(), (f) => { f.id = undefined; f.name = 'AKS-ExtensionManager-preview'; })).status).toBe('skip');
  });

  it('lists every installed AKS extension, skips one with an id that names no cluster, and drops --subscription when unknown', () => {
    const flux = healthyAks().find((r) => r.type.endsWith('extensions'))!;
    const monitor = { ...flux, name: 'azuremonitor', id: flux.id!.replace(/flux$/, 'azuremonitor') };
    const odd = { ...flux, name: 'odd', id: 'not-an-arm-id' };
    const withTwo = [...withFeature(healthyAks(), setState('NotRegistered')), monitor, odd];
    expect(run(AZ002, withTwo).message).toBe('Microsoft.ContainerService/AKS-ExtensionManager is NotRegistered, not Registered (extension(s) flux, azuremonitor installed nonetheless)');
    const noSubscription = withFeature(azureFixture('cli/feature-aks-extensionmanager.json'), (f) => { setState('Pending')(f); delete f.id; });
    expect(run(AZ002, noSubscription).remediation?.commands).toEqual([
      'az feature register --namespace Microsoft.ContainerService --name AKS-ExtensionManager',
      'az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager --query properties.state -o tsv',
      'az provider register -n Microsoft.ContainerService',
    ]);
  });
});
