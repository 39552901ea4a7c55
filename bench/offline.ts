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

- **Big files are streamed, never held whole** (src/sources/stream-file.ts). A file above 1 MiB is read 1 MiB at a
  time (an archive entry as tar decompresses it), checked as UTF-8 chunk by chunk, and cut into the items of its List
  as the text arrives: JSON by a string- and escape-aware bracket scanner that jumps between quotes, brackets and
  newlines with \`indexOf\` (src/sources/stream-json-list.ts), YAML at the \`- \` entries under a column-0 \`items:\`
  (src/sources/stream-yaml-list.ts). Each item is parsed (\`JSON.parse\`, js-yaml) and trimmed at once, so only one
  item's text and the trimmed objects are alive; js-yaml's strings (slices of the item's text) are copied and shared
  within the file, so no text is kept alive by what is kept. Lines are counted as the scan goes: a JSON item that does
  not parse is reported at its own line (the whole-file parse could only say line 1 when node gives no position).
- **Whatever the stream cannot vouch for is read whole, exactly as before**: not UTF-8 or a NUL (the decoder's
  messages), several YAML documents, directives, tabs, a quote or bracket left open around the items, an item that
  does not parse alone (an anchor in another item, a cut inside a multi-line scalar), a shared alias (the document's
  alias budget applies), a duplicate key (its warning), a scalar above the 8 MiB cap (its line), a missing or
  trailing comma. tests/sources/stream-*.test.ts compare both paths on every examples/ file and snapshot (folder and
  .tgz), on the error cases and on mutated Lists.
- Linear in the input otherwise too: small YAML files are cut at their \`---\` markers with the line each starts on
  counted once (src/sources/parse-yaml.ts); js-yaml (CORE_SCHEMA) instead of the \`yaml\` Document API (≈ 8× slower),
  which is kept only for a document with duplicate keys (the guide's MeshConfig), so that case keeps its warning.
- The live source's trimming (managedFields, last-applied, unread pod fields) is applied as each item is parsed
  (src/sources/trim-objects.ts, one module for both sources).

### Reading the figures

- **Peak RSS** is under 300 MB on both 10k-pod bundles, below the floor's own peak: the floor holds the pod list
  (45–93 MB) as bytes and as a string while its untrimmed tree is built; the check never holds more than a chunk and
  an item of it. What remains is node, the trimmed snapshot (≈ 50–60 MB of heap), the engine's indexes and the report.
- **Time.** The floor does nothing but read and parse; the check adds the scan (one more pass over the text), the
  trimming, the snapshot indexes, the 32 checks and the report, plus node's start-up and the bundle's load. On this
  2-core machine shared with other work, single runs vary by tens of percent, the ratio less (floor and check
  alternate).

### Where a target is missed, and why

- **JSON time (1.87× under a load average of 20 on 2 cores).** The stream adds one pass over the text that the floor
  does not make: \`JSON.parse\` is native, the scanner that finds each item's end is JavaScript. Jumping between quotes,
  brackets and newlines with \`indexOf\` brought the scan from ≈ 65% to ≈ 35% of a \`JSON.parse\` of the same text
  (measured in-process, loaded); a guess of each item's end from its indentation, proved by the item's parse, was
  tried and did not pay (the slice and the line count cost what the scan saved) and is not kept. At this load single
  runs vary by tens of percent; the earlier quieter run of the old loader measured 1.44× where the loaded one said
  1.65×. Left: a scan in native code (e.g. \`Buffer.indexOf\` on the bytes before decoding), or counting lines only
  when an error needs them.`;

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
