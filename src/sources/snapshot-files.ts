// The offline source: a snapshot folder or .tar.gz, in the format CONTRACT.md describes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import type { AzureResource, ContainerLog, KubeObject, SnapshotInfo } from '../snapshot/objects.js';
import { groupOf } from '../snapshot/objects.js';
import { Snapshot, type ReadFailure, type SnapshotParts } from '../snapshot/snapshot.js';
import { assertText, parseKubernetesFile } from './parse-documents.js';
import { ARM_COMPLETE_GROUP } from '../snapshot/azure/model.js';
import { azureResourcesIn, emptyListType } from '../snapshot/azure/normalize.js';

interface RawFile {
  path: string; // relative, with forward slashes
  text: string;
}

export function loadSnapshot(path: string): Snapshot {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`--snapshot ${path}: no such file or folder`);
  }
  const files = stat.isDirectory() ? readFolder(path) : readArchive(path);
  return buildSnapshot(path, files);
}

function readFolder(root: string): RawFile[] {
  const out: RawFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isSnapshotFile(entry.name, relative(root, full))) {
        out.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return out;
}

function readArchive(file: string): RawFile[] {
  if (!/\.(tar\.gz|tgz|tar)$/i.test(file)) {
    throw new UsageError(`--snapshot ${file}: not a folder or a .tar.gz/.tgz archive`);
  }
  const out: RawFile[] = [];
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const name = entry.path.replace(/^\.\//, '');
      if (entry.type !== 'File' || !isSnapshotFile(name.split('/').pop() ?? '', name)) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => out.push({ path: name, text: Buffer.concat(chunks).toString('utf8') }));
    },
  });
  let failure: Error | undefined;
  parser.on('error', (e: Error) => (failure ??= e));
  parser.on('warn', (_code: string, message: string | Error) => (failure ??= message instanceof Error ? message : new Error(message)));
  try {
    parser.end(readFileSync(file));
  } catch (e) {
    failure ??= e as Error;
  }
  if (failure) throw new UsageError(`--snapshot ${file}: unreadable archive (${oneLine(failure.message)})`);
  if (out.length === 0 && !parserSawEnd(parser)) throw new UsageError(`--snapshot ${file}: unreadable archive (truncated or not a tar.gz)`);
  // A snapshot archive usually holds one top folder; paths are taken below it.
  const tops = new Set(out.map((f) => f.path.split('/')[0]));
  if (tops.size === 1 && out.every((f) => f.path.includes('/'))) {
    const top = [...tops][0] + '/';
    for (const f of out) f.path = f.path.slice(top.length);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

function parserSawEnd(parser: Parser): boolean {
  return Boolean((parser as unknown as { sawValidEntry?: boolean }).sawValidEntry);
}

function isSnapshotFile(name: string, rel: string): boolean {
  if (name.startsWith('.')) return false;
  return /\.(ya?ml|json|log)$/i.test(name) || rel === 'snapshot.yaml';
}

function buildSnapshot(source: string, files: RawFile[]): Snapshot {
  const objects = new Map<string, { obj: KubeObject; file: string }>();
  const warnings: string[] = [];
  const logs: ContainerLog[] = [];
  const azure: AzureResource[] = [];
  let info: SnapshotInfo | undefined;
  let collected: Pick<SnapshotParts, 'completeTypes' | 'readFailures'> = {};
  const listedTypes: Array<{ group: string; kind: string }> = [];

  for (const file of files) {
    const where = `${source}/${file.path}`;
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
      const parsed = parseAzureFile(where, file.text);
      azure.push(...parsed.resources);
      if (parsed.emptyListOf) listedTypes.push({ group: ARM_COMPLETE_GROUP, kind: parsed.emptyListOf });
      continue;
    }
    const parsed = parseKubernetesFile(where, file.text);
    warnings.push(...parsed.warnings);
    listedTypes.push(...parsed.listedTypes);
    for (const obj of parsed.objects) {
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
  assertText(where, text);
  try {
    const value = parseYaml(text) as unknown;
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a mapping');
    const v = value as Record<string, unknown>;
    const str = (k: string) => (v[k] === undefined || v[k] === null ? undefined : String(v[k]));
    return { name: str('name'), collectedAt: str('collectedAt'), context: str('context'), serverVersion: str('serverVersion'), arcdoctorVersion: str('arcdoctorVersion') };
  } catch (e) {
    throw new UsageError(`${where}: invalid snapshot.yaml: ${oneLine((e as Error).message)}`);
  }
}

function parseLogPath(path: string): Omit<ContainerLog, 'text'> | undefined {
  const m = /^logs\/([^/]+)\/([^/]+)\/([^/]+?)(\.previous)?\.log$/.exec(path);
  if (!m) return undefined;
  return { namespace: m[1], pod: m[2], container: m[3], previous: Boolean(m[4]) };
}

/** The resources of one `azure/` file, and the ARM type it lists as empty (`[]` from a `list` command), if any. */
function parseAzureFile(where: string, text: string): { resources: AzureResource[]; emptyListOf?: string } {
  assertText(where, text);
  if (!/\.json$/i.test(where)) {
    throw new UsageError(`${where}: files under azure/ must be JSON as the Azure CLI prints them`);
  }
  if (text.trim() === '') return { resources: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
    const line = Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : 1;
    throw new UsageError(`${where}:${line}: invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
  return { resources: azureResourcesIn(value), emptyListOf: emptyListType(where, value) };
}

function oneLine(s: string): string {
  return s.split('\n')[0];
}
