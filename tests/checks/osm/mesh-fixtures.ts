// OSM009–OSM016 cases: the healthy snapshots (control plane + webhooks, MeshConfig, CRDs, namespaces, apps) and small edits.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clone, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { loadSnapshot } from '../../../src/sources/snapshot-files.js';
import type { Snapshot } from '../../../src/snapshot/snapshot.js';

const dir = (p: string) => fileURLToPath(new URL(`../../fixtures/osm/${p}`, import.meta.url));
const cache = new Map<string, KubeObject[]>();

/** Loaded by the real snapshot loader: the guide's MeshConfig has duplicate trailing keys, and the loader keeps the first. */
export function meshBase(name = 'healthy-v1.2'): KubeObject[] {
  if (!cache.has(name)) cache.set(name, [...loadSnapshot(dir(name)).objects()]);
  return clone(cache.get(name)!);
}

/** A copy of a healthy snapshot with one change. */
export function edited(edit: (objects: KubeObject[]) => KubeObject[] | void, name = 'healthy-v1.2'): Snapshot {
  const objects = meshBase(name);
  return snapshotOf(edit(objects) ?? objects);
}

export function obj(objects: KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name && (namespace === undefined || x.metadata.namespace === namespace));
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

export const validating = (objects: KubeObject[]) => obj(objects, 'ValidatingWebhookConfiguration', 'osm-validator-mesh-osm');
export const mutating = (objects: KubeObject[]) => obj(objects, 'MutatingWebhookConfiguration', 'arc-osm-webhook-osm');
export const meshConfig = (objects: KubeObject[]) => obj(objects, 'MeshConfig', 'osm-mesh-config', 'arc-osm-system');
export const namespace = (objects: KubeObject[], name: string) => obj(objects, 'Namespace', name);

/** base64 of a test certificate made with openssl (tests/fixtures/osm/certs/README.md says how). */
export function certificate(name: 'expired' | 'expiring' | 'not-yet-valid' | 'no-common-name'): string {
  return readFileSync(dir(`certs/${name}.b64`), 'utf8').trim();
}

/** A pod of the demo app as it was before its namespace joined the mesh: no osm-init, no envoy. */
export function withoutSidecar(pod: KubeObject): KubeObject {
  pod.spec.containers = pod.spec.containers.filter((c: { name: string }) => c.name !== 'envoy');
  pod.spec.initContainers = [];
  pod.status.containerStatuses = pod.status.containerStatuses.filter((c: { name: string }) => c.name !== 'envoy');
  pod.status.initContainerStatuses = [];
  return pod;
}

export function podOfApp(objects: KubeObject[], app: string): KubeObject {
  const p = objects.find((x) => x.kind === 'Pod' && x.metadata.labels?.app === app && x.metadata.namespace === app);
  if (!p) throw new Error(`fixture has no pod of ${app}`);
  return p;
}
