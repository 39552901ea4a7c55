// `npm run bench:exporter`: `arcdoctor exporter` against `arcdoctor serve` for 200 runs at a short interval, its
// memory sampled along the way, to show it stays flat (no growth per run). Writes its own section of
// docs/performance.md (between the exporter-memory markers). Not part of `npm test`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.EXPORTER_RUNS ?? 200);
const INTERVAL = process.env.EXPORTER_INTERVAL ?? '50ms';
const SNAPSHOT = 'examples/healthy-all-extensions';
const CLI = join(process.cwd(), 'bin/arcdoctor');
const DOC = 'docs/performance.md';
const START = '<!-- exporter-memory:start -->';
const END = '<!-- exporter-memory:end -->';

interface Sample {
  run: number;
  rssMb: number;
  heapMb: number;
  runMs: number;
}

function child(args: string[], nodeOptions?: string): { proc: ChildProcess; stderr: () => string } {
  const env = nodeOptions ? { ...process.env, NODE_OPTIONS: nodeOptions } : process.env;
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return { proc, stderr: () => err };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`bench: ${what} did not happen within ${timeoutMs} ms`);
}

const value = (metrics: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-exporter-bench-'));
  const kc = join(dir, 'kubeconfig');
  const serve = child(['serve', '--snapshot', SNAPSHOT, '--kubeconfig-out', kc]);
  await until('serve writing its kubeconfig', () => (existsSync(kc) && readFileSync(kc, 'utf8').includes('server:') ? true : undefined));
  const exporter = child(['exporter', '--kubeconfig', kc, '--listen', '127.0.0.1:0', '--interval', INTERVAL], process.env.EXPORTER_NODE_OPTIONS);
  try {
    const url = await until('the exporter listening', () => /listening on (http:\/\/\S+)/.exec(exporter.stderr())?.[1]);
    const marks = new Set([1, 10, ...Array.from({ length: 8 }, (_, i) => Math.round(((i + 1) * RUNS) / 8))]);
    const samples: Sample[] = [];
    const t0 = Date.now();
    let last = 0;
    while (last < RUNS) {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const runs = value(metrics, 'arcdoctor_runs_total');
      if (runs !== last) {
        last = runs;
        const mark = [...marks].find((m) => m <= runs);
        if (mark !== undefined) {
          marks.delete(mark);
          samples.push({ run: runs, rssMb: rssOf(exporter.proc.pid!), heapMb: value(metrics, 'nodejs_heap_used_bytes') / 2 ** 20, runMs: value(metrics, 'arcdoctor_run_duration_seconds') * 1000 });
          process.stderr.write(`bench: run ${runs}: RSS ${samples.at(-1)!.rssMb.toFixed(1)} MB\n`);
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    if (exporter.proc.exitCode !== null) throw new Error(`bench: the exporter exited: ${exporter.stderr().slice(-500)}`);
    const up = value(await (await fetch(`${url}/metrics`)).text(), 'arcdoctor_up');
    writeSection(render(samples, Date.now() - t0, up));
  } finally {
    exporter.proc.kill('SIGTERM');
    serve.proc.kill('SIGTERM');
  }
}

function render(samples: Sample[], elapsedMs: number, up: number): string {
  const settled = samples.filter((s) => s.run >= 25);
  const rss = settled.map((s) => s.rssMb);
  const heap = settled.map((s) => s.heapMb);
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} MB`;
  const first = settled[0];
  const lastS = settled.at(-1)!;
  const perRunKb = ((lastS.rssMb - first.rssMb) * 1024) / (lastS.run - first.run);
  return [
    START,
    '## Exporter memory over many runs',
    '',
    `Measured by \`npm run bench:exporter\` (bench/exporter-memory.ts) on ${new Date().toISOString().slice(0, 10)}: \`arcdoctor exporter --interval ${INTERVAL}\``,
    `against \`arcdoctor serve --snapshot ${SNAPSHOT}\` (all 32 checks, each run a full live read), ${samples.at(-1)!.run} runs in ${(elapsedMs / 1000).toFixed(0)} s,`,
    `the exporter's RSS from /proc, its V8 heap after the run from /metrics. ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}; arcdoctor_up at the end: ${up}.`,
    '',
    '| run | RSS | heap used | that run took |',
    '|---|---|---|---|',
    ...samples.map((s) => `| ${s.run} | ${s.rssMb.toFixed(1)} MB | ${s.heapMb.toFixed(1)} MB | ${s.runMs.toFixed(0)} ms |`),
    '',
    `From run ${first.run} to run ${lastS.run}: RSS ${spread(rss)}, heap ${spread(heap)} (${perRunKb.toFixed(1)} KB of RSS per run between the two).`,
    `Exporter NODE_OPTIONS: ${process.env.EXPORTER_NODE_OPTIONS ?? '(none: V8 default heap limit)'}.`,
    END,
  ].join('\n');
}

function writeSection(section: string): void {
  const doc = readFileSync(DOC, 'utf8');
  const at = doc.indexOf(START);
  const next = at >= 0 ? doc.slice(0, at) + section + doc.slice(doc.indexOf(END) + END.length) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(DOC, next);
  process.stdout.write(section + '\n');
}

await main();
