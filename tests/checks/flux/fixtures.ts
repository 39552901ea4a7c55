// The healthy microsoft.flux base every FLUX test changes one thing of, and its upstream-only variant.
import { join } from 'node:path';
import { clone, fixtureObjects, snapshotOf, yamlObjects, type AzureResource, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';

const HEALTHY = fixtureObjects(join(__dirname, '../../fixtures/flux/healthy'));

export function healthy(): KubeObject[] {
  return clone(HEALTHY);
}

/** `flux bootstrap` alone: no fluxconfig-* agents, no extension. */
export function upstreamOnly(): KubeObject[] {
  return healthy().filter((o) => !/^fluxconfig-/.test(o.metadata.name) && o.kind !== 'ExtensionConfig' && !o.metadata.name.endsWith('clusterconfig.azure.com'));
}

export function find(objs: KubeObject[], kind: string, name: string): KubeObject {
  const o = objs.find((x) => x.kind === kind && (x.metadata.name === name || x.metadata.name.startsWith(name + '-')));
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

export function without(objs: KubeObject[], kind: string, name: string): KubeObject[] {
  return objs.filter((o) => !(o.kind === kind && o.metadata.name === name));
}

export function snap(objects: KubeObject[], extra: { logs?: ContainerLog[]; azure?: AzureResource[] } = {}) {
  return snapshotOf(objects, extra);
}

/** Objects from an inline YAML snippet, as `kubectl get -o yaml` prints them. */
export function yaml(text: string): KubeObject[] {
  return yamlObjects(text);
}
