// `npm run bench`: synthetic clusters served by `arcdoctor serve`, measured against the floor (bare fetch of the
// same requests) and the manual kubectl sequence. Writes docs/performance.md. Not part of `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { AS_A_USER_RUNS_IT, CLI, lines, serve } from './serve-process.js';
import { DEFAULT_SHAPE, generateCluster, writeCluster, type ClusterShape } from './generate.js';
import { manualCommands } from './manual.js';
import { MAX_PODS_PER_LOG_NEED, PAGE_SIZE } from '../src/sources/live/read.js';

interface Scenario {
  label: string;
  namespaces: number;
  podsPerNamespace: number;
  runs: number;
  manual: boolean;
}

const SCENARIOS: Scenario[] = [
  { label: '1k pods', namespaces: 50, podsPerNamespace: 20, runs: 3, manual: true },
  { label: '10k pods', namespaces: 200, podsPerNamespace: 50, runs: 3, manual: true },
  { label: '10k pods, 1000 ns', namespaces: 1000, podsPerNamespace: 10, runs: 2, manual: false },
  { label: '50k pods', namespaces: 500, podsPerNamespace: 100, runs: 2, manual: false },
];
const only = process.env.BENCH_ONLY?.split(',');

interface Measure {
  scenario: Scenario;
  pods: number;
  objects: number;
  checkMs: number[];
  rssMb: number;
  requests: number;
  listRequests: number;
  floorMs: number[];
  /** The floor's own clock, without node's start-up: what the table showed before 2026-12-03. */
  floorInnerMs: number[];
  manualMs?: number;
  manualCommands?: number;
  exit: number;
}

async function main(): Promise<void> {
  const results: Measure[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only.some((o) => x.label.startsWith(o)))) {
    process.stderr.write(`bench: ${s.label} …\n`);
    results.push(await measure(s));
  }
  const doc = render(results) + keptOfflineSection();
  writeFileSync('docs/performance.md', doc);
  process.stdout.write(doc);
}

async function measure(s: Scenario): Promise<Measure> {
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-bench-'));
  const shape: ClusterShape = { ...DEFAULT_SHAPE, namespaces: s.namespaces, podsPerNamespace: s.podsPerNamespace };
  const written = writeCluster(join(dir, 'snap'), shape);
  const kc = join(dir, 'kubeconfig');
  const log = join(dir, 'requests.log');
  const server = await serve(join(dir, 'snap'), kc, log);
  try {
    const url = /server: (\S+)/.exec(readFileSync(kc, 'utf8'))![1];
    const checkMs: number[] = [];
    let rssKb = 0;
    let exit = 0;
    let runLog: Array<{ method: string; path: string; query: string }> = [];
    for (let i = 0; i < s.runs; i++) {
      const before = lines(log).length;
      const t0 = performance.now();
      const r = spawnSync('/usr/bin/time', ['-v', CLI, 'check', '--kubeconfig', kc, '--output', 'json', '--no-color'], { encoding: 'utf8', maxBuffer: 256 << 20, env: AS_A_USER_RUNS_IT });
      checkMs.push(Math.round(performance.now() - t0));
      rssKb = Math.max(rssKb, Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0));
      exit = r.status ?? -1;
      runLog = lines(log).slice(before).map((l) => JSON.parse(l));
    }
    const gets = runLog.filter((r) => r.method === 'GET');
    const firstPages = gets.filter((r) => !/(^|&)continue=/.test(r.query)).map((r) => ({ path: r.path, query: r.query }));
    const reqFile = join(dir, 'requests.json');
    writeFileSync(reqFile, JSON.stringify(firstPages));
    const floorMs: number[] = [];
    const floorInnerMs: number[] = [];
    for (let i = 0; i < s.runs; i++) {
      // Timed from outside, as the check is: a bare node process has a start-up too (≈ 0.08 s here).
      const t0 = performance.now();
      const out = execFileSync(process.execPath, ['bench/floor.mjs', url, reqFile, '8'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      floorMs.push(Math.round(performance.now() - t0));
      floorInnerMs.push(JSON.parse(out).ms);
    }
    const m: Measure = { scenario: s, pods: written.pods, objects: written.objects, checkMs, rssMb: Math.round(rssKb / 1024), requests: runLog.length, listRequests: gets.filter((r) => /(^|&)limit=/.test(r.query)).length, floorMs, floorInnerMs, exit };
    if (s.manual) Object.assign(m, manual(kc, dir, shape));
    return m;
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function manual(kc: string, dir: string, shape: ClusterShape): { manualMs: number; manualCommands: number } {
  const mesh = generateCluster({ ...shape, podsPerNamespace: 1 })
    .filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['openservicemesh.io/monitored-by'])
    .map((o) => o.metadata.name);
  const commands = manualCommands(mesh);
  const home = join(dir, 'home');
  const t0 = performance.now();
  for (const args of commands) spawnSync('kubectl', args, { env: { ...process.env, KUBECONFIG: kc, HOME: home }, stdio: 'ignore' });
  return { manualMs: Math.round(performance.now() - t0), manualCommands: commands.length };
}


/** Other benches own the marked sections (offline, live-memory, exporter-memory); rewriting the live part keeps them. */
function keptOfflineSection(): string {
  const old = existsSync('docs/performance.md') ? readFileSync('docs/performance.md', 'utf8') : '';
  const sections = [...old.matchAll(/<!-- ([a-z-]+):start -->[\s\S]*?<!-- \1:end -->/g)].map((m) => m[0]);
  return sections.map((s) => `\n${s}\n`).join('');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The targets of issue #4, each with what this run measured and whether it was met. */
function targets(results: Measure[]): string {
  const by = (label: string) => results.find((m) => m.scenario.label === label);
  const ten = by('10k pods');
  const wide = by('10k pods, 1000 ns');
  const fifty = by('50k pods');
  const lines = ['| target | measured | met? |', '|---|---|---|'];
  if (ten) {
    const ratio = median(ten.checkMs) / median(ten.floorMs);
    lines.push(`| check ≤ 1.5× floor at 10k pods | ${ratio.toFixed(2)}× | ${ratio <= 1.5 ? 'yes' : 'no'} |`);
    if (ten.manualMs) {
      const manual = ten.manualMs / median(ten.checkMs);
      lines.push(`| ≥ 20× faster than the manual sequence at 10k pods | ${manual.toFixed(1)}× | ${manual >= 20 ? 'yes' : 'no'} |`);
    }
  }
  if (ten && wide) lines.push(`| requests independent of the namespace count | ${ten.requests} at ${ten.scenario.namespaces} ns, ${wide.requests} at ${wide.scenario.namespaces} ns | ${Math.abs(wide.requests - ten.requests) <= 3 ? 'yes' : 'no'} |`);
  if (fifty) lines.push(`| peak RSS < 300 MB at 50k pods | ${fifty.rssMb} MB | ${fifty.rssMb < 300 ? 'yes' : 'no'} |`);
  return lines.join('\n');
}

function resultRow(m: Measure): string {
  const check = median(m.checkMs);
  const floor = median(m.floorMs);
  const manualCol = m.manualMs ? `${(m.manualMs / 1000).toFixed(1)} s (${m.manualCommands} cmds) · **${(m.manualMs / check).toFixed(1)}×**` : '—';
  const inner = median(m.floorInnerMs);
  return `| ${m.scenario.label} | ${m.scenario.namespaces} | ${m.pods.toLocaleString('en-US')} | ${(check / 1000).toFixed(2)} s | ${(floor / 1000).toFixed(2)} s (${(inner / 1000).toFixed(2)} s inside) | **${(check / floor).toFixed(2)}×** (${(check / inner).toFixed(2)}× inside) | ${manualCol} | ${m.rssMb} MB | ${m.requests} (${m.listRequests} lists) |`;
}

function render(results: Measure[]): string {
  const cpu = cpus();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `# Performance

Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${osType()} ${release()}, Node ${process.version}.
Load average when the report was written: ${load} (other work shared the machine; see "Reading the figures").

Each cluster is generated from a seed (bench/generate.ts: the OSM and AMA example control planes, plus namespaces of
Deployments/Pods/Services/Endpoints, ${Math.round(DEFAULT_SHAPE.meshShare * 100)}% of namespaces in the mesh with Envoy sidecars, ${DEFAULT_SHAPE.webhooks} webhooks, ${DEFAULT_SHAPE.crds} CRDs,
${DEFAULT_SHAPE.fluxObjects * 2} Flux objects, ${DEFAULT_SHAPE.nodes} nodes) and served by \`arcdoctor serve\` in its own process.

- **check**: wall time of \`arcdoctor check --kubeconfig K --output json\` as a child process (startup included), median of the runs;
- **floor**: the same GET requests (taken from serve's request log of that run) with bare \`fetch\` + \`JSON.parse\`, 8 at a time, paginated the same way, in a bare node process timed from outside like the check (before 2026-12-03 it was timed from inside, without node's own start-up);
- **manual**: the guide's kubectl sequence (bench/manual.ts) run one command after another, including the per-namespace look at each mesh namespace;
- **peak RSS** from \`/usr/bin/time -v\`; **requests** from serve's request log.

| cluster | namespaces | pods | check | floor | check / floor | manual · manual / check | peak RSS | requests |
|---|---|---|---|---|---|---|---|---|
${results.map(resultRow).join('\n')}

Targets: check within 1.5× the floor and ≥ 20× faster than manual at 10k pods; requests independent of the
namespace count (compare the two 10k rows); peak RSS < 300 MB at 50k pods.

${targets(results)}

${DESIGN_NOTES}`;
}

/** Why the figures are what they are; written by hand from earlier runs, kept beside the code it describes. */
const DESIGN_NOTES = `## Where a target is missed, and why

- **Ratio to the floor.** Both are timed from outside, as processes: the floor is a bare node process issuing the
  same GETs with \`fetch\`; the check adds its bundle load (each command loads only its own code since 2026-12-03:
  \`--version\` 0.20 → 0.11 s), the trimming of each page as it is parsed, the snapshot indexes and 32 checks. At
  1k pods the fixed cost dominates; at 10k pods the check is within 1.5× of the floor, and within 1.6× of the
  floor's own clock (which leaves out node's start-up, ≈ 0.08 s).
- **Against the manual sequence.** kubectl costs ≈ 0.14 s per command on this machine, so the guide's sequence
  (136 kubectl commands at 10k pods: 32 fixed, 2 per mesh namespace) takes ≈ 19 s; 20× would need the check to finish
  in 0.95 s, faster than the floor itself (≈ 1.0 s of serving and parsing 10k pods). The guide's \`az\` steps
  (\`az provider show\`, \`az k8s-extension show\`: seconds each with the real az CLI) are not run here, so the manual
  time is a lower bound; the ratio grows with the number of mesh namespaces and with a remote API server.
- **Peak RSS at 50k pods.** See "Live check at 50k pods: memory" below (bench/live-memory.ts): pods are trimmed in
  place as each page is parsed, their short strings shared per list; the name index is built per type on first use.

## How the live source keeps to the floor

- One list per resource type, whatever the namespace count; a type is narrowed to a namespace or a label selector
  only when every selected check's need for it allows it (src/sources/live/plan.ts).
- /apis is read once, so CRDs the cluster does not serve cost no request; 404 on one version tries the next.
- All lists run at once under \`--concurrency\` (default 8); pages of ${PAGE_SIZE} with \`continue\`.
- Raw HTTP through node's http(s) with the kubeconfig's TLS material and credentials
  (\`KubeConfig.applyToHTTPSOptions\`) and a keep-alive agent, then \`JSON.parse\`: no typed models.
  The typed client (\`CoreV1Api.listPodForAllNamespaces\`) and \`KubernetesObjectApi.list\` deserialize every
  item into classes (dates parsed, fields renamed), which costs more time and memory than the transfer itself
  on large pod lists.
- \`metadata.managedFields\`, last-applied annotations, and the pod fields no check reads (volumes, mounts, probes,
  pod env, scheduling hints, container IDs) are forgotten as each page is parsed, in place (src/sources/trim-objects.ts):
  a fresh copy of each pod cost more CPU (≈ 470 vs 370 ms to parse and trim 10k pods) and kept more memory (21.2 vs
  18.6 MB).
- Logs are read after the pod list, only for the containers a check names, tail-limited, previous only after a restart,
  at most ${MAX_PODS_PER_LOG_NEED} pods per log need (unhealthy ones first).

## Reading the figures

The ratio to the floor is what the design controls: the difference is node's start-up and bundle load, the
snapshot indexing and the checks themselves. Absolute times depend on the machine and on its load; the machine
these figures come from was shared with other builds and test runs, so single runs vary by tens of percent.
`;

await main();
