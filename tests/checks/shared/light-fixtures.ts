// The healthy Flux fixture without the check registry: the shared-helper tests import only the snapshot and the
// helper they test, so a mutation run re-imports little per mutant.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../src/snapshot/objects.js';
import { Snapshot, type SnapshotParts } from '../../../src/snapshot/snapshot.js';

const DIR = join(__dirname, '../../fixtures/flux/healthy');
const HEALTHY: KubeObject[] = readdirSync(DIR)
  .sort()
  .filter((n) => /\.ya?ml$/.test(n))
  .flatMap((n) =>
    parseAllDocuments(readFileSync(join(DIR, n), 'utf8')).flatMap((d) => {
      const v = d.toJS() as (KubeObject & { items?: KubeObject[] }) | null;
      return !v ? [] : Array.isArray(v.items) ? v.items : [v];
    }),
  );

export function healthy(): KubeObject[] {
  return structuredClone(HEALTHY);
}

export function find(objs: KubeObject[], kind: string, name: string): KubeObject {
  const o = objs.find((x) => x.kind === kind && (x.metadata.name === name || x.metadata.name.startsWith(name + '-')));
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

export function snapshotOf(objects: KubeObject[], extra: Partial<SnapshotParts> = {}): Snapshot {
  return new Snapshot({ objects, ...extra });
}

export type { AzureResource, KubeObject } from '../../../src/snapshot/objects.js';
