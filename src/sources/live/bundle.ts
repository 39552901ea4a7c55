// Writes a snapshot as the bundle CONTRACT.md describes: one `kind: List` file per type, in JSON as `kubectl get -o json`
// prints it (`apps/Deployment.json`, `core/Pod.json`: JSON loads several times faster than YAML), logs at
// logs/<ns>/<pod>/<container>[.previous].log, azure/resources.json, snapshot.yaml.
// Secrets are never written; container env values (unless asked otherwise) and secret-looking flags are redacted
// by src/redaction, which also says in snapshot.yaml what it hid.
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { create as createTar } from 'tar';
import { stringify } from 'yaml';
import { UsageError } from '../../errors.js';
import { writeAzureFiles } from '../azure-attach.js';
import { groupOf, type KubeObject } from '../../snapshot/objects.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { BundleRedactor } from '../../redaction/bundle.js';

export interface BundleOptions {
  redactEnv: boolean;
  arcdoctorVersion: string;
}

export interface BundleSummary {
  path: string;
  files: Array<{ file: string; count: number }>;
  logs: number;
  azure: number;
  redactedEnvValues: number;
  redactedArgValues: number;
}

export async function writeBundle(snap: Snapshot, out: string, opts: BundleOptions): Promise<BundleSummary> {
  const archive = /\.(tar\.gz|tgz)$/i.test(out);
  if (!archive && existsSync(out) && readdirSync(out).length > 0) throw new UsageError(`--out ${out}: the folder exists and is not empty; name a new folder or a .tar.gz`);
  const root = archive ? join(mkdtempSync(join(tmpdir(), 'arcdoctor-collect-')), basename(out).replace(/\.(tar\.gz|tgz)$/i, '')) : out;
  try {
    const summary = writeFolder(snap, root, opts);
    if (!archive) return { ...summary, path: out };
    mkdirSync(dirname(out) || '.', { recursive: true });
    await createTar({ gzip: true, file: out, cwd: dirname(root), portable: true }, [basename(root)]);
    return { ...summary, path: out };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--out ${out}: cannot write the bundle (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    if (archive) rmSync(dirname(root), { recursive: true, force: true });
  }
}

function writeFolder(snap: Snapshot, root: string, opts: BundleOptions): Omit<BundleSummary, 'path'> {
  mkdirSync(root, { recursive: true });
  const byType = new Map<string, KubeObject[]>();
  const redactor = new BundleRedactor(opts.redactEnv);
  for (const obj of snap.objects()) {
    if (obj.kind === 'Secret' && groupOf(obj.apiVersion) === '') continue;
    const file = `${groupOf(obj.apiVersion) || 'core'}/${obj.kind}.json`;
    (byType.get(file) ?? byType.set(file, []).get(file)!).push(redactor.redact(obj));
  }
  const files: BundleSummary['files'] = [];
  for (const [file, items] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    mkdirSync(join(root, dirname(file)), { recursive: true });
    writeJsonList(join(root, file), items);
    files.push({ file, count: items.length });
  }
  const logs = snap.allLogs();
  for (const l of logs) {
    const dir = join(root, 'logs', safe(l.namespace), safe(l.pod));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${safe(l.container)}${l.previous ? '.previous' : ''}.log`), l.text);
  }
  if (snap.azureResources.length > 0) writeAzureFiles(root, snap.azureResources);
  const info = { ...snap.info, arcdoctorVersion: opts.arcdoctorVersion };
  // Beyond CONTRACT.md's fields: what the live run knew, so the bundle diagnoses the same (snapshot-files.ts reads them).
  const readFailures = snap.readFailures.map((f) => ({ group: f.type.group, kind: f.type.kind, plural: f.type.plural, namespace: f.namespace, reason: f.reason, message: f.message }));
  const completeTypes = snap.completeTypes().filter((t) => !(t.group === '' && t.kind === 'Secret')).map((t) => ({ group: t.group, kind: t.kind }));
  writeFileSync(join(root, 'snapshot.yaml'), stringify({ ...info, completeTypes, ...(readFailures.length ? { readFailures } : {}), redaction: redactor.record() }));
  return { files, logs: logs.length, azure: snap.azureResources.length, redactedEnvValues: redactor.envValues, redactedArgValues: redactor.argValues };
}

/**
 * A `kind: List` as `kubectl get -o json` prints it (4-space indent, items at 8), written one item at a time so a
 * 50k-pod list never becomes one string.
 */
function writeJsonList(path: string, items: KubeObject[]): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '{\n    "apiVersion": "v1",\n    "items": [');
    items.forEach((item, i) => writeSync(fd, `${i ? ',' : ''}\n        ${JSON.stringify(item, null, 4).replace(/\n/g, '\n        ')}`));
    writeSync(fd, `${items.length ? '\n    ' : ''}],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`);
  } finally {
    closeSync(fd);
  }
}

function safe(segment: string): string {
  return segment.replace(/[/\\]/g, '_');
}

/** `redactEnv` moved to the redaction module; kept here for the callers that import it from the bundle. */
export { ENV_KEPT, REDACTED, redactEnv } from '../../redaction/containers.js';
