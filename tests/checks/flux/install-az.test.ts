// Where Flux runs (fluxInstall), which controllers it should run (expectedControllers), the area's applicability,
// and the az coordinates remediation commands name: on the healthy microsoft.flux fixture and upstream-only installs.
import { describe, expect, it } from 'vitest';
import { azCoordinates, azExtensionArgs } from '../../../src/checks/flux/az.js';
import { area } from '../../../src/checks/flux/index.js';
import { controllerSetting, expectedControllers, fluxInstall } from '../../../src/checks/flux/install.js';
import { findExtension } from '../../../src/checks/shared/extensions.js';
import { snapshotOf, type AzureResource, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, upstreamOnly, without } from './fixtures.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const ext = (id: string, name = 'flux'): AzureResource => ({ id, name, type: 'Microsoft.KubernetesConfiguration/extensions', extensionType: 'microsoft.flux' });
const coords = (r: AzureResource) => azCoordinates(findExtension(snapshotOf([], { azure: [r] }), 'microsoft.flux'));

describe('azCoordinates / azExtensionArgs', () => {
  it('an Arc extension id: resource group, cluster, connectedClusters, name', () => {
    const c = coords(ext(`${SUB}/resourceGroups/rg-gitops/providers/Microsoft.Kubernetes/connectedClusters/arc-gitops/providers/Microsoft.KubernetesConfiguration/extensions/flux`));
    expect(c).toEqual({ resourceGroup: 'rg-gitops', cluster: 'arc-gitops', clusterType: 'connectedClusters', extensionName: 'flux' });
    expect(azExtensionArgs(c)).toBe('-g rg-gitops -c arc-gitops -t connectedClusters -n flux');
  });

  it('an AKS extension id, in the lower case Resource Graph prints, named otherwise', () => {
    const c = coords(ext(`${SUB}/resourcegroups/rg-aks/providers/microsoft.containerservice/managedclusters/aks-1/providers/microsoft.kubernetesconfiguration/extensions/gitops`, 'gitops'));
    expect(azExtensionArgs(c)).toBe('-g rg-aks -c aks-1 -t managedClusters -n gitops');
  });

  it('no Azure data: placeholders, and the extension name flux', () => {
    expect(azCoordinates(undefined)).toEqual({ resourceGroup: '<RESOURCE_GROUP>', cluster: '<CLUSTER_NAME>', clusterType: '<connectedClusters|managedClusters>', extensionName: 'flux' });
    const inCluster = findExtension(snapshotOf(healthy()), 'microsoft.flux');
    expect(azExtensionArgs(azCoordinates(inCluster))).toBe('-g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters> -n flux');
    expect(coords(ext(`${SUB}/resourceGroups/rg/providers/Microsoft.Other/things/x`, '')).extensionName).toBe('flux');
    expect(coords(ext(`${SUB}/resourceGroups/rg/providers/Microsoft.Other/things/x`, 'mine'))).toEqual({ resourceGroup: '<RESOURCE_GROUP>', cluster: '<CLUSTER_NAME>', clusterType: '<connectedClusters|managedClusters>', extensionName: 'mine' });
  });
});

const deployment = (name: string, namespace: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels }, spec: {} });

describe('fluxInstall', () => {
  it('the healthy microsoft.flux fixture: flux-system, microsoft.flux, the in-cluster extension', () => {
    const s = snapshotOf(healthy());
    const i = fluxInstall(s);
    expect([i.present, i.namespace, i.microsoftFlux, i.extension?.name, i.extension?.source]).toEqual([true, 'flux-system', true, 'flux', 'cluster']);
    expect(area.applies(s)).toEqual({ applies: true });
  });

  it('the extension’s release namespace wins, and the extension alone makes it present', () => {
    const cfg = find(healthy(), 'ExtensionConfig', 'flux');
    cfg.spec.scope.cluster.releaseNamespace = 'gitops';
    expect(fluxInstall(snapshotOf([cfg]))).toMatchObject({ present: true, namespace: 'gitops', microsoftFlux: true });
  });

  it('upstream only: flux-system, not microsoft.flux', () => {
    expect(fluxInstall(snapshotOf(upstreamOnly()))).toEqual({ present: true, namespace: 'flux-system', microsoftFlux: false, extension: undefined });
  });

  it('an upstream install elsewhere: the namespace of a part-of=flux Deployment, else of source-controller', () => {
    const labelled = deployment('kustomize-controller', 'gitops-a', { 'app.kubernetes.io/part-of': 'flux' });
    const named = deployment('source-controller', 'gitops-b');
    expect(fluxInstall(snapshotOf([named, labelled]))).toEqual({ present: true, namespace: 'gitops-a', microsoftFlux: false, extension: undefined });
    expect(fluxInstall(snapshotOf([named, deployment('web', 'default')])).namespace).toBe('gitops-b');
  });

  it('nothing of Flux: not present, the default namespace, and the area says why', () => {
    const s = snapshotOf([deployment('web', 'default')]);
    expect(fluxInstall(s)).toEqual({ present: false, namespace: 'flux-system', microsoftFlux: false, extension: undefined });
    expect(area.applies(s)).toEqual({ applies: false, reason: 'Flux v2 is not installed: no flux-system namespace and no microsoft.flux extension' });
  });

  it('microsoft.flux without its extension object: a fluxconfig-* agent in the namespace, or a FluxConfig', () => {
    const noExt = healthy().filter((o) => o.kind !== 'ExtensionConfig');
    expect(fluxInstall(snapshotOf(noExt)).microsoftFlux).toBe(true);
    expect(fluxInstall(snapshotOf(without(noExt, 'Deployment', 'fluxconfig-agent'))).microsoftFlux).toBe(true);
    const fluxConfig = { apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', metadata: { name: 'cluster-config', namespace: 'cluster-config' }, spec: {} };
    expect(fluxInstall(snapshotOf([...upstreamOnly(), fluxConfig])).microsoftFlux).toBe(true);
    const agentElsewhere = deployment('fluxconfig-agent', 'other');
    expect(fluxInstall(snapshotOf([...upstreamOnly(), agentElsewhere])).microsoftFlux).toBe(false);
  });
});

describe('controllerSetting', () => {
  it('the `<controller>.enabled` setting, keys case-insensitive, values trimmed; undefined when absent', () => {
    const withSettings = (settings: Record<string, string>) => {
      const cfg = find(healthy(), 'ExtensionConfig', 'flux');
      cfg.spec.configurationSettings = settings;
      return fluxInstall(snapshotOf([cfg]));
    };
    const i = withSettings({ 'Helm-Controller.Enabled': ' TRUE ', 'image-reflector-controller.enabled': 'false', 'notification-controller.enabled': 'yes' });
    expect(controllerSetting(i, 'helm-controller')).toBe(true);
    expect(controllerSetting(i, 'image-reflector-controller')).toBe(false);
    expect(controllerSetting(i, 'notification-controller')).toBe(false);
    expect(controllerSetting(i, 'source-controller')).toBeUndefined();
    expect(controllerSetting(fluxInstall(snapshotOf(upstreamOnly())), 'helm-controller')).toBeUndefined();
  });
});

describe('expectedControllers', () => {
  const names = (objs: KubeObject[]) => expectedControllers(snapshotOf(objs), fluxInstall(snapshotOf(objs)));
  const settings = (objs: KubeObject[], s: Record<string, string>) => {
    Object.assign(find(objs, 'ExtensionConfig', 'flux').spec.configurationSettings, s);
    return objs;
  };

  it('microsoft.flux: the four core controllers and two agents, with the extension version', () => {
    const why = 'installed by microsoft.flux 1.7.3';
    expect(names(healthy())).toEqual(['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller', 'fluxconfig-agent', 'fluxconfig-controller'].map((name) => ({ name, why })));
  });

  it('a disabled controller is not expected, unless it is there anyway; an enabled or present image controller is', () => {
    const objs = settings(without(healthy(), 'Deployment', 'helm-controller'), { 'helm-controller.enabled': 'false', 'notification-controller.enabled': 'false', 'image-reflector-controller.enabled': 'true' });
    objs.push(deployment('image-automation-controller', 'flux-system'));
    expect(names(objs).map((c) => [c.name, c.why])).toEqual([
      ['source-controller', 'installed by microsoft.flux 1.7.3'],
      ['kustomize-controller', 'installed by microsoft.flux 1.7.3'],
      ['notification-controller', 'installed by microsoft.flux 1.7.3'],
      ['fluxconfig-agent', 'installed by microsoft.flux 1.7.3'],
      ['fluxconfig-controller', 'installed by microsoft.flux 1.7.3'],
      ['image-reflector-controller', 'enabled by the setting image-reflector-controller.enabled=true'],
      ['image-automation-controller', 'present in the cluster'],
    ]);
  });

  it('microsoft.flux known only by its agents: no version in the reason', () => {
    const objs = healthy().filter((o) => o.kind !== 'ExtensionConfig');
    expect(names(objs)[0]).toEqual({ name: 'source-controller', why: 'installed by microsoft.flux' });
    expect(names(objs)).toHaveLength(6);
  });

  it('upstream: source-controller always, the others when present', () => {
    expect(names(upstreamOnly())).toEqual([
      { name: 'source-controller', why: 'every Flux install runs it' },
      { name: 'kustomize-controller', why: 'present in the cluster' },
      { name: 'helm-controller', why: 'present in the cluster' },
      { name: 'notification-controller', why: 'present in the cluster' },
    ]);
  });

  it('upstream: a missing controller whose CRDs are installed, or whose objects exist, is expected; otherwise not', () => {
    const base = without(without(without(upstreamOnly(), 'Deployment', 'helm-controller'), 'Deployment', 'notification-controller'), 'Deployment', 'source-controller');
    const noNotificationCrds = base.filter((o) => !o.metadata.name.endsWith('.notification.toolkit.fluxcd.io'));
    const imagePolicyCrd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'imagepolicies.image.toolkit.fluxcd.io' }, spec: {} };
    const automation = { apiVersion: 'image.toolkit.fluxcd.io/v1beta2', kind: 'ImageUpdateAutomation', metadata: { name: 'apps', namespace: 'flux-system' }, spec: {} };
    const alert = { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name: 'slack', namespace: 'flux-system' }, spec: {} };
    expect(names([...noNotificationCrds, imagePolicyCrd, automation])).toEqual([
      { name: 'source-controller', why: 'every Flux install runs it' },
      { name: 'kustomize-controller', why: 'present in the cluster' },
      { name: 'helm-controller', why: 'its CRDs or objects (helm.toolkit.fluxcd.io) are in the cluster' },
      { name: 'image-reflector-controller', why: 'its CRDs or objects (image.toolkit.fluxcd.io) are in the cluster' },
      { name: 'image-automation-controller', why: 'its CRDs or objects (image.toolkit.fluxcd.io) are in the cluster' },
    ]);
    expect(names([...noNotificationCrds, alert]).map((c) => c.name)).toEqual(['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller']);
    // An ImageRepository object is the reflector's, not the automation controller's.
    const repo = { ...automation, kind: 'ImageRepository' };
    expect(names([...noNotificationCrds, repo]).map((c) => c.name)).toEqual(['source-controller', 'kustomize-controller', 'helm-controller', 'image-reflector-controller']);
  });
});
