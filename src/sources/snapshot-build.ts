// A Snapshot from the files of a folder or archive, in path order: Kubernetes objects (the later file wins),
// logs at logs/<namespace>/<pod>/<container>.log, Azure resources under azure/, snapshot.yaml at the root.
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import type { AzureResource, ContainerLog, KubeObject, SnapshotInfo } from '../snapshot/objects.js';
import { groupOf } from '../snapshot/objects.js';
import { Snapshot, type ReadFailure, type SnapshotParts } from '../snapshot/snapshot.js';
import { ARM_COMPLETE_GROUP } from '../snapshot/azure/model.js';
import { azureResourcesIn, emptyListType } from '../snapshot/azure/normalize.js';
import { parseJson, parseKubernetesFile, type ParsedFile, type ParseOptions } from './parse-documents.js';

/** A file parsed as soon as it was read, or its text when what it is depends on where the bundle's root is. */
export type SnapshotFile = { path: string; parsed: ParsedFile; text?: undefined } | { path: string; text: string; parsed?: undefined };

export function buildSnapshot(source: string, files: SnapshotFile[], options: ParseOptions): Snapshot {
  const objects = new Map<string, { obj: KubeObject; file: string }>();
  const warnings: string[] = [];
  const logs: ContainerLog[] = [];
  const azure: AzureResource[] = [];
  let info: SnapshotInfo | undefined;
  let collected: Pick<SnapshotParts, 'completeTypes' | 'readFailures'> = {};
  const listedTypes: Array<{ group: string; kind: string }> = [];

  for (const file of files) {
    const where = `${source}/${file.path}`;
    let parsed = file.parsed;
    if (file.text !== undefined) {
      if (file.path === 'snapshot.yaml') {
        info = parseInfo(where, file.text);
        collected = collectedFacts(file.text);
        continue;
      }
      if (file.path.endsWith('.log')) {
        const log = parseLogPath(file.path);
        if (log) logs.push({ ...log, text: file.text });
        else warnings.push(`${where}: a log file outside logs/<namespace>/<pod>/<container>.log was ignored`);
        continue;
      }
      if (file.path.startsWith('azure/')) {
        const azureFile = parseAzureFile(where, file.text);
        azure.push(...azureFile.resources);
        if (azureFile.emptyListOf) listedTypes.push({ group: ARM_COMPLETE_GROUP, kind: azureFile.emptyListOf });
        continue;
      }
      parsed = parseKubernetesFile(where, file.text, options);
    }
    warnings.push(...parsed!.warnings);
    listedTypes.push(...parsed!.listedTypes);
    for (const obj of parsed!.objects) {
      const key = `${groupOf(obj.apiVersion)}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      const before = objects.get(key);
      if (before && before.file !== file.path) {
        warnings.push(`${obj.kind} ${obj.metadata.namespace ? obj.metadata.namespace + '/' : ''}${obj.metadata.name} is in ${before.file} and ${file.path}: the later file wins`);
      }
      objects.set(key, { obj, file: file.path });
    }
  }
  if (objects.size === 0 && azure.length === 0 && !listedTypes.some((t) => t.group === ARM_COMPLETE_GROUP)) {
    throw new UsageError(`--snapshot ${source}: holds no Kubernetes objects or Azure resources (expected kubectl get -o yaml|json output)`);
  }
  const completeTypes = [...(collected.completeTypes ?? []), ...listedTypes];
  return new Snapshot({ objects: [...objects.values()].map((o) => o.obj), logs, azure, info: { name: source, ...info }, warnings, ...collected, completeTypes });
}

/**
 * What `collect` knew beyond the objects (snapshot.yaml `completeTypes`, `readFailures`): a type read whole and
 * empty is "none", not "not collected", and a refused read stays refused offline, as in the live run.
 */
function collectedFacts(text: string): Pick<SnapshotParts, 'completeTypes' | 'readFailures'> {
  const v = (parseYaml(text) ?? {}) as Record<string, unknown>;
  const list = (x: unknown): Array<Record<string, unknown>> => (Array.isArray(x) ? x.filter((i) => i && typeof i === 'object') : []);
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const completeTypes = list(v.completeTypes).map((t) => ({ group: str(t.group) ?? '', kind: str(t.kind) ?? '' })).filter((t) => t.kind);
  const readFailures = list(v.readFailures)
    .filter((f) => str(f.kind))
    .map((f): ReadFailure => ({
      type: { group: str(f.group) ?? '', kind: str(f.kind)!, plural: str(f.plural) },
      namespace: str(f.namespace),
      reason: f.reason === 'forbidden' ? 'forbidden' : 'unavailable',
      message: str(f.message) ?? 'not readable when the snapshot was collected',
    }));
  return { completeTypes, readFailures };
}

function parseInfo(where: string, text: string): SnapshotInfo {
  try {
    const value = parseYaml(text) as unknown;
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a mapping');
    const v = value as Record<string, unknown>;
    const str = (k: string) => (v[k] === undefined || v[k] === null ? undefined : String(v[k]));
    return { name: str('name'), collectedAt: str('collectedAt'), context: str('context'), serverVersion: str('serverVersion'), arcdoctorVersion: str('arcdoctorVersion') };
  } catch (e) {
    throw new UsageError(`${where}: invalid snapshot.yaml: ${(e as Error).message.split('\n')[0]}`);
  }
}

function parseLogPath(path: string): Omit<ContainerLog, 'text'> | undefined {
  const m = /^logs\/([^/]+)\/([^/]+)\/([^/]+?)(\.previous)?\.log$/.exec(path);
  if (!m) return undefined;
  return { namespace: m[1], pod: m[2], container: m[3], previous: Boolean(m[4]) };
}

/** The resources of one `azure/` file, and the ARM type it lists as empty (`[]` from a `list` command), if any. */
function parseAzureFile(where: string, text: string): { resources: AzureResource[]; emptyListOf?: string } {
  if (!/\.json$/i.test(where)) {
    throw new UsageError(`${where}: files under azure/ must be JSON as the Azure CLI prints them`);
  }
  if (text.trim() === '') return { resources: [] };
  const value = parseJson(where, text);
  return { resources: azureResourcesIn(value), emptyListOf: emptyListType(where, value) };
}
