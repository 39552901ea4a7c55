// `npm run bench`, offline rows: the same synthetic clusters written as support bundles the way kubectl prints them
// (managedFields, last-applied annotations), one mostly YAML (`kubectl get -o yaml`) and one JSON (`-o json`, what
// collect writes), checked with `arcdoctor check --snapshot` against the parse floor (bench/offline-floor.mjs:
// JSON.parse + js-yaml on the same files, in the same run). Rewrites the offline section of docs/performance.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsyaml from 'js-yaml';
import { DEFAULT_SHAPE, generateCluster, type ClusterShape } from './generate.js';
import type { KubeObject } from '../src/snapshot/objects.js';

interface OfflineScenario {
  label: string;
  namespaces: number;
  podsPerNamespace: number;
  format: 'yaml' | 'json';
  runs: number;
}

export const SCENARIOS: OfflineScenario[] = [
  { label: '10k pods, YAML-heavy', namespaces: 200, podsPerNamespace: 50, format: 'yaml', runs: 3 },
  { label: '10k pods, JSON', namespaces: 200, podsPerNamespace: 50, format: 'json', runs: 3 },
  { label: '50k pods, YAML-heavy', namespaces: 500, podsPerNamespace: 100, format: 'yaml', runs: 1 },
  { label: '50k pods, JSON', namespaces: 500, podsPerNamespace: 100, format: 'json', runs: 1 },
];
const CLI = join(process.cwd(), 'bin/arcdoctor');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface OfflineMeasure {
  scenario: OfflineScenario;
  pods: number;
  mb: number;
  checkMs: number[];
  floorMs: number[];
  rssMb: number;
  floorRssMb: number;
  exit: number;
  results: string;
}

/** What kubectl adds to every object that the generator leaves out: managedFields, and last-applied on what was applied. */
function asKubectlPrints(obj: KubeObject): KubeObject {
  const managedFields = [{ apiVersion: obj.apiVersion, fieldsType: 'FieldsV1', manager: 'kube-controller-manager', operation: 'Update', time: '2024-03-01T10:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': Object.fromEntries(Object.keys(obj.metadata.labels ?? {}).map((k) => [`f:${k}`, {}])) }, 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': {}, 'f:resources': {} } } }, 'f:status': { 'f:conditions': {}, 'f:phase': {} } } }];
  const applied: Record<string, string> = obj.kind === 'Deployment' || obj.kind === 'Service' ? { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace }, spec: obj.spec }) + '\n' } : {};
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), ...applied }, managedFields } };
}

export function writeBundle(dir: string, s: OfflineScenario): { pods: number; bytes: number } {
  const shape: ClusterShape = { ...DEFAULT_SHAPE, namespaces: s.namespaces, podsPerNamespace: s.podsPerNamespace };
  const byKind = new Map<string, KubeObject[]>();
  for (const o of generateCluster(shape)) (byKind.get(o.kind) ?? byKind.set(o.kind, []).get(o.kind)!).push(asKubectlPrints(o));
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const [kind, items] of byKind) {
    const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    // YAML-heavy: what `kubectl get -o yaml` prints, for every type but the Events-like small ones.
    const text = s.format === 'yaml' && kind !== 'CustomResourceDefinition' ? jsyaml.dump(list, { lineWidth: -1, noRefs: true }) : JSON.stringify(list, null, 4) + '\n';
    const file = join(dir, `${kind}.${s.format === 'yaml' && kind !== 'CustomResourceDefinition' ? 'yaml' : 'json'}`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(join(dir, 'snapshot.yaml'), `name: bench-${s.namespaces}x${s.podsPerNamespace}\nserverVersion: v1.28.5\n`);
  return { pods: byKind.get('Pod')?.length ?? 0, bytes };
}

function timed(args: string[]): { ms: number; rssKb: number; status: number; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Math.round(performance.now() - t0);
  return { ms, rssKb: Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0), status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function measure(s: OfflineScenario): OfflineMeasure {
  try {
    return measureOnce(s);
  } catch (e) {
    // One failed row must not lose the others: it is reported as such.
    process.stderr.write(`bench: ${s.label}: ${(e as Error).message}\n`);
    return { scenario: s, pods: 0, mb: 0, checkMs: [NaN], floorMs: [NaN], rssMb: 0, floorRssMb: 0, exit: -1, results: `failed: ${(e as Error).message.split('\n')[0].slice(0, 160)}` };
  }
}

function measureOnce(s: OfflineScenario): OfflineMeasure {
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-offline-'));
  try {
    const snap = join(dir, 'snap');
    const written = writeBundle(snap, s);
    const m: OfflineMeasure = { scenario: s, pods: written.pods, mb: Math.round(written.bytes / 1e6), checkMs: [], floorMs: [], rssMb: 0, floorRssMb: 0, exit: 0, results: '' };
    for (let i = 0; i < s.runs; i++) {
      // Alternate floor and check so machine load hits both alike.
      const floor = timed(['bench/offline-floor.mjs', snap]);
      m.floorMs.push(floor.ms);
      m.floorRssMb = Math.max(m.floorRssMb, Math.round(floor.rssKb / 1024));
      const check = timed([CLI, 'check', '--snapshot', snap, '--output', 'json', '--no-color', '--fail-on', 'never']);
      m.checkMs.push(check.ms);
      m.rssMb = Math.max(m.rssMb, Math.round(check.rssKb / 1024));
      m.exit = check.status;
      if (!check.stdout.trim()) throw new Error(`check --snapshot failed (exit ${check.status}): ${check.stderr.split('\n').slice(0, 3).join(' ')}`);
      const report = JSON.parse(check.stdout) as { summary: Record<string, number> };
      m.results = Object.entries(report.summary).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ');
    }
    return m;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(m: OfflineMeasure): string {
  const check = median(m.checkMs);
  const floor = median(m.floorMs);
  return `| ${m.scenario.label} | ${m.pods.toLocaleString('en-US')} | ${m.mb} MB | ${(check / 1000).toFixed(2)} s | ${(floor / 1000).toFixed(2)} s | **${(check / floor).toFixed(2)}×** | ${m.rssMb} MB | ${m.floorRssMb} MB | ${m.results} |`;
}

/** Written by hand from the runs above and the profiles behind them; kept beside the code it describes. */
const OFFLINE_NOTES = `### How the offline loader keeps to the floor

- Linear in the input: YAML documents are cut at their \`---\` markers with the line each starts on counted once
  (src/sources/parse-yaml.ts); error lines come from one line index built only when an error is reported. The old
  per-document \`lineAt\` re-split the whole text before every document (quadratic).
- js-yaml (pinned, CORE_SCHEMA: YAML 1.2, no timestamps turned into dates) instead of the \`yaml\` Document API, which
  was ≈ 8× slower on kubectl output; \`yaml\` is kept only for a document with duplicate keys (the guide's MeshConfig),
  so that case keeps its warning. JSON goes through \`JSON.parse\`; a big pretty-printed List (kubectl's, collect's)
  is parsed one item at a time and each item trimmed at once (src/sources/parse-json-list.ts).
- The live source's trimming (managedFields, last-applied, unread pod fields) is applied as each file is parsed
  (src/sources/trim-objects.ts, one module for both sources); each file's bytes and text are dropped once parsed,
  and an archive is decompressed 64 KiB at a time, each entry parsed as soon as it is complete.
- Aliases are copied only when something is really shared, after bounding what the copy would hold.

### Where a target is missed, and why

- **Peak RSS.** The floor itself peaks near 280 MB on the 10k-pod bundles: the largest file (the pod list, 60–90 MB)
  is held as bytes and as a string while its parsed tree is built, and V8 grows its heap before it collects the
  garbage of the untrimmed objects. The check adds what it keeps (≈ 50 MB of V8 heap for the trimmed 10k-pod
  snapshot from JSON, ≈ 130 MB from YAML, whose parsed strings keep slices of their file's text alive) and the
  engine's indexes. Getting under 300 MB needs the pod list streamed (a tokenizer that never holds the whole text)
  rather than parsed whole; not done in this change.
- **Time.** Within 1.5× of the floor on both bundles; the difference is node's start-up and bundle load, the
  snapshot indexes and the 32 checks.`;

export const OFFLINE_START = '<!-- offline:start -->';
export const OFFLINE_END = '<!-- offline:end -->';

function section(results: OfflineMeasure[]): string {
  const ten = results.filter((m) => m.pods >= 9000 && m.pods < 20000);
  const lines = ten.map((m) => {
    const ratio = median(m.checkMs) / median(m.floorMs);
    return `| ${m.scenario.label}: ≤ 1.5× the parse floor, ≤ 300 MB | ${ratio.toFixed(2)}×, ${m.rssMb} MB | ${ratio <= 1.5 && m.rssMb <= 300 ? 'yes' : 'no'} |`;
  });
  return `${OFFLINE_START}
## Offline: \`check --snapshot\` on a support bundle

Measured by \`npm run bench\` (bench/offline.ts) on ${new Date().toISOString().slice(0, 10)}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}.
The same generated clusters, written as kubectl prints them (managedFields on every object, last-applied on Deployments
and Services): **YAML-heavy** is \`kubectl get -o yaml\` for every type but the CRDs, **JSON** is \`-o json\` (what
\`collect\` writes). **check** is the wall time of \`arcdoctor check --snapshot DIR --output json\` (startup included,
median); **floor** is \`node bench/offline-floor.mjs DIR\` in the same run: read each file and parse it with
\`JSON.parse\` or js-yaml \`loadAll\`, nothing else (startup included). Peak RSS from \`/usr/bin/time -v\`.

| bundle | pods | size | check | floor | check / floor | peak RSS | floor RSS | results |
|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}

| target | measured | met? |
|---|---|---|
${lines.join('\n')}

${OFFLINE_NOTES}
${OFFLINE_END}`;
}

/** Replaces the offline section of docs/performance.md (run.ts keeps it when it rewrites the live part). */
function writeSection(text: string): void {
  const path = 'docs/performance.md';
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(OFFLINE_START);
  const end = doc.indexOf(OFFLINE_END);
  const next = start >= 0 && end > start ? doc.slice(0, start) + text + doc.slice(end + OFFLINE_END.length) : `${doc.trimEnd()}\n\n${text}\n`;
  writeFileSync(path, next);
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',');
  const results: OfflineMeasure[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only.some((o) => x.label.startsWith(o) || o === 'offline'))) {
    process.stderr.write(`bench: offline ${s.label} …\n`);
    results.push(measure(s));
  }
  if (results.length === 0) return;
  const text = section(results);
  writeSection(text);
  process.stdout.write(text + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
