// Writes a snapshot as the bundle CONTRACT.md describes: one `kind: List` file per type, in JSON as `kubectl get -o json`
// prints it (`apps/Deployment.json`, `core/Pod.json`: JSON loads several times faster than YAML), logs at
// logs/<ns>/<pod>/<container>[.previous].log, azure/resources.json, snapshot.yaml.
// Secrets are never written; container env values are redacted unless asked otherwise.
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { create as createTar } from 'tar';
import { stringify } from 'yaml';
import { UsageError } from '../../errors.js';
import { writeAzureFiles } from '../azure-attach.js';
import { groupOf, type KubeObject } from '../../snapshot/objects.js';
import type { Snapshot } from '../../snapshot/snapshot.js';

export const REDACTED = '<redacted>';

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
  let redacted = 0;
  for (const obj of snap.objects()) {
    if (obj.kind === 'Secret' && groupOf(obj.apiVersion) === '') continue;
    const file = `${groupOf(obj.apiVersion) || 'core'}/${obj.kind}.json`;
    const copy = bundleCopy(obj, opts);
    redacted += copy.redactedEnvValues;
    (byType.get(file) ?? byType.set(file, []).get(file)!).push(copy.obj);
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
  writeFileSync(join(root, 'snapshot.yaml'), stringify({ ...info, completeTypes, ...(readFailures.length ? { readFailures } : {}) }));
  return { files, logs: logs.length, azure: snap.azureResources.length, redactedEnvValues: redacted };
}

/** What goes into the bundle for one object: a copy with what must not leave the cluster replaced. */
function bundleCopy(obj: KubeObject, opts: BundleOptions): { obj: KubeObject; redactedEnvValues: number } {
  if (!opts.redactEnv) return { obj, redactedEnvValues: 0 };
  const r = redactEnv(obj);
  return { obj: r.obj, redactedEnvValues: r.count };
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

/**
 * Env values the checks compare against (OSM016 reads the injector's Envoy image from them): image references, not
 * secrets, and redacting them would make the bundle diagnose differently from the live run.
 */
export const ENV_KEPT = new Set(['OSM_DEFAULT_ENVOY_IMAGE', 'OSM_DEFAULT_ENVOY_WINDOWS_IMAGE']);

const POD_SPEC_PATHS = [['spec'], ['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']];

/** A copy with every container's `env[].value` replaced; `valueFrom` references stay (they hold no value). */
export function redactEnv(obj: KubeObject): { obj: KubeObject; count: number } {
  let count = 0;
  let copy: KubeObject | undefined;
  for (const path of POD_SPEC_PATHS) {
    const spec = path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj) as Record<string, unknown> | undefined;
    if (!spec || typeof spec !== 'object') continue;
    for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
      const containers = spec[key];
      if (!Array.isArray(containers)) continue;
      const redactable = (e: { name?: unknown; value?: unknown } | null) => Boolean(e && e.value !== undefined && !ENV_KEPT.has(String(e.name)));
      containers.forEach((c: { env?: Array<{ name?: unknown; value?: unknown }> }, i) => {
        if (!Array.isArray(c?.env) || !c.env.some(redactable)) return;
        copy ??= structuredClone(obj);
        const target = path.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, copy as Record<string, unknown>);
        const env = (target[key] as Array<{ env: Array<{ name?: unknown; value?: unknown }> }>)[i].env;
        for (const e of env) {
          if (redactable(e)) {
            e.value = REDACTED;
            count++;
          }
        }
      });
    }
  }
  return { obj: copy ?? obj, count };
}
