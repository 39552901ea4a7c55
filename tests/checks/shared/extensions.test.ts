// Cluster extensions from Azure (the REST API examples, normalised as the snapshot loader does) and from the Arc
// agents' in-cluster ExtensionConfig (the healthy Flux fixture): the whole InstalledExtension, every fallback.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ARM_TYPE, EXTENSION_TYPES, findExtension, findExtensions, namespaceSeen } from '../../../src/checks/shared/extensions.js';
import { azureResourcesIn } from '../../../src/snapshot/azure/normalize.js';
import { find, healthy, snapshotOf, type AzureResource, type KubeObject } from './light-fixtures.js';

const rest = (file: string): AzureResource[] => azureResourcesIn(JSON.parse(readFileSync(join(__dirname, '../../fixtures/azure/rest', file), 'utf8')));
const LIST = rest('ListExtensions.json');
const GET = rest('GetExtension.json');
const extensionConfig = (): KubeObject => find(healthy(), 'ExtensionConfig', 'flux');

describe('findExtensions from Azure', () => {
  it('reads the REST example: type compared case-insensitively, settings as strings, the resource kept', () => {
    const s = snapshotOf([], { azure: LIST });
    const [monitor] = findExtensions(s, 'AzureMonitor-Containers');
    expect(monitor).toEqual({
      name: 'ClusterMonitor',
      extensionType: 'azuremonitor-containers',
      releaseNamespace: 'kube-system',
      version: '0.1.4',
      autoUpgradeMinorVersion: false,
      releaseTrain: 'Preview',
      provisioningState: 'Succeeded',
      configurationSettings: { 'omsagent.secret.wsid': 'a38cef99-5a89-52ed-b6db-22095c23664b', 'omsagent.env.clusterName': 'clusterName1' },
      source: 'azure',
      resource: LIST[0],
    });
    expect(findExtensions(s, 'azure-vote').map((e) => e.name)).toEqual(['azureVote']);
    expect(findExtensions(s, EXTENSION_TYPES.flux)).toEqual([]);
    expect(findExtension(s, EXTENSION_TYPES.flux)).toBeUndefined();
  });

  it('GetExtension (Creating, installedVersion only) gives that version and state', () => {
    const [e] = findExtensions(snapshotOf([], { azure: GET }), 'azuremonitor-containers');
    expect([e.name, e.version, e.provisioningState, e.releaseTrain, e.autoUpgradeMinorVersion]).toEqual(['ClusterMonitor', '0.1.4', 'Creating', 'Preview', false]);
  });

  it('version: currentVersion, else installedVersion, else version; namespace scope: its targetNamespace', () => {
    const base = { type: EXTENSION_ARM_TYPE, name: 'flux', extensionType: 'microsoft.flux' };
    const v = (r: Record<string, unknown>) => findExtension(snapshotOf([], { azure: [{ ...base, ...r }] }), 'microsoft.flux');
    expect(v({ currentVersion: '1.19.5', installedVersion: '1.7.3', version: '1.0.0' })?.version).toBe('1.19.5');
    expect(v({ installedVersion: '1.7.3', version: '1.0.0' })?.version).toBe('1.7.3');
    expect(v({ version: '1.0.0' })?.version).toBe('1.0.0');
    expect(v({ version: null })?.version).toBeUndefined();
    expect(v({ scope: { namespace: { targetNamespace: 'gitops' } } })?.releaseNamespace).toBe('gitops');
    expect(v({ scope: { cluster: { releaseNamespace: 'flux-system' }, namespace: { targetNamespace: 'gitops' } } })?.releaseNamespace).toBe('flux-system');
    expect(v({ scope: { cluster: { releaseNamespace: null } } })?.releaseNamespace).toBeUndefined();
    expect(v({})).toEqual({ name: 'flux', extensionType: 'microsoft.flux', releaseNamespace: undefined, version: undefined, autoUpgradeMinorVersion: undefined, releaseTrain: undefined, provisioningState: undefined, configurationSettings: {}, source: 'azure', resource: { ...base } });
  });

  it('settings that are not a map read as none; values are stringified', () => {
    const base = { type: EXTENSION_ARM_TYPE, name: 'flux', extensionType: 'microsoft.flux' };
    const settings = (configurationSettings: unknown) => findExtension(snapshotOf([], { azure: [{ ...base, configurationSettings }] }), 'microsoft.flux')?.configurationSettings;
    expect(settings({ 'source-controller.enabled': true, replicas: 2 })).toEqual({ 'source-controller.enabled': 'true', replicas: '2' });
    expect(settings('useKubeletIdentity=true')).toEqual({});
    expect(settings(null)).toEqual({});
  });

  it('an Azure resource without a name or type is matched by type only, with an empty name', () => {
    const [e] = findExtensions(snapshotOf([], { azure: [{ type: EXTENSION_ARM_TYPE, extensionType: 'Microsoft.Flux' }, { type: EXTENSION_ARM_TYPE }] }), 'microsoft.flux');
    expect([e.name, e.extensionType]).toEqual(['', 'Microsoft.Flux']);
  });
});

describe('findExtensions from the cluster', () => {
  it('reads the ExtensionConfig of the healthy fixture', () => {
    const cfg = extensionConfig();
    expect(findExtensions(snapshotOf([cfg]), 'MICROSOFT.FLUX')).toEqual([
      {
        name: 'flux',
        extensionType: 'microsoft.flux',
        releaseNamespace: 'flux-system',
        version: '1.7.3',
        autoUpgradeMinorVersion: true,
        releaseTrain: 'stable',
        provisioningState: 'Succeeded',
        configurationSettings: {
          'helm-controller.enabled': 'true',
          'source-controller.enabled': 'true',
          'kustomize-controller.enabled': 'true',
          'notification-controller.enabled': 'true',
          'image-automation-controller.enabled': 'false',
          'image-reflector-controller.enabled': 'false',
        },
        source: 'cluster',
        object: cfg,
      },
    ]);
  });

  it('release namespace: scope.cluster, then spec.releaseNamespace, then scope.namespace; version: status, then spec', () => {
    const at = (edit: (o: KubeObject) => void) => {
      const cfg = extensionConfig();
      edit(cfg);
      return findExtension(snapshotOf([cfg]), 'microsoft.flux')!;
    };
    expect(at((o) => { o.spec.scope = {}; o.spec.releaseNamespace = 'gitops'; }).releaseNamespace).toBe('gitops');
    expect(at((o) => { o.spec.scope = { namespace: { targetNamespace: 'team-a' } }; }).releaseNamespace).toBe('team-a');
    expect(at((o) => { o.spec.releaseNamespace = 'gitops'; }).releaseNamespace).toBe('flux-system');
    expect(at((o) => { o.spec.scope = { namespace: { targetNamespace: 'team-a' } }; o.spec.releaseNamespace = 'gitops'; }).releaseNamespace).toBe('gitops');
    expect(at((o) => { delete o.status; o.spec.version = '1.6.0'; })).toMatchObject({ version: '1.6.0', provisioningState: undefined });
    expect(at((o) => { o.status.version = '1.8.0'; }).version).toBe('1.8.0');
    expect(at((o) => { delete o.spec.configurationSettings; o.spec.parameter = { 'helm-controller.enabled': false }; }).configurationSettings).toEqual({ 'helm-controller.enabled': 'false' });
  });

  it('an ExtensionConfig without a spec is of no type', () => {
    const cfg = extensionConfig();
    delete cfg.spec;
    expect(findExtensions(snapshotOf([cfg]), 'microsoft.flux')).toEqual([]);
    // Only an empty wanted type reaches a spec-less config; it is read without crashing.
    expect(findExtensions(snapshotOf([cfg]), '')).toMatchObject([{ name: 'flux', extensionType: 'undefined', configurationSettings: {}, releaseNamespace: undefined, version: '1.7.3' }]);
  });

  it('Azure first; an in-cluster config of the same name is dropped, another name is kept after', () => {
    const azure: AzureResource = { type: EXTENSION_ARM_TYPE, id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/flux', name: 'flux', extensionType: 'microsoft.flux', currentVersion: '1.19.5' };
    const same = extensionConfig();
    const other = extensionConfig();
    other.metadata.name = 'flux-2';
    const all = findExtensions(snapshotOf([same, other], { azure: [azure] }), 'microsoft.flux');
    expect(all.map((e) => [e.name, e.source, e.version])).toEqual([['flux', 'azure', '1.19.5'], ['flux-2', 'cluster', '1.7.3']]);
    expect(findExtension(snapshotOf([same], { azure: [azure] }), 'microsoft.flux')?.source).toBe('azure');
  });
});

describe('namespaceSeen', () => {
  it('the Namespace object, or any object in that namespace', () => {
    const objs = healthy();
    expect(namespaceSeen(snapshotOf(objs), 'flux-system')).toBe(true);
    const nsless = objs.filter((o) => o.kind !== 'Namespace');
    expect(namespaceSeen(snapshotOf(nsless), 'flux-system')).toBe(true);
    expect(namespaceSeen(snapshotOf(nsless.filter((o) => o.metadata.namespace !== 'flux-system')), 'flux-system')).toBe(false);
    expect(namespaceSeen(snapshotOf(objs.filter((o) => o.kind === 'Namespace')), 'azure-arc')).toBe(true);
    expect(namespaceSeen(snapshotOf(objs), 'gitops')).toBe(false);
  });
});
