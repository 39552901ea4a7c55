// `npm run bench:live-memory`: peak RSS of the live check at 50k pods (issue #13), the bench's 50k row alone.
// A generated cluster (bench/generate.ts) served by `arcdoctor serve`; `arcdoctor check --kubeconfig` measured with
// /usr/bin/time -v. LIVE_PODS_PER_NS / LIVE_NAMESPACES / LIVE_RUNS change the run. Prints one JSON line per run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AS_A_USER_RUNS_IT, CLI, lines, serve } from './serve-process.js';
import { DEFAULT_SHAPE, writeCluster } from './generate.js';

const namespaces = Number(process.env.LIVE_NAMESPACES ?? 500);
const podsPerNamespace = Number(process.env.LIVE_PODS_PER_NS ?? 100);
const runs = Number(process.env.LIVE_RUNS ?? 2);

const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-live-mem-'));
const written = writeCluster(join(dir, 'snap'), { ...DEFAULT_SHAPE, namespaces, podsPerNamespace });
const kc = join(dir, 'kubeconfig');
const log = join(dir, 'requests.log');
const server = await serve(join(dir, 'snap'), kc, log);
try {
  for (let i = 0; i < runs; i++) {
    const before = lines(log).length;
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-v', CLI, 'check', '--kubeconfig', kc, '--output', 'json', '--no-color'], { encoding: 'utf8', maxBuffer: 256 << 20, env: AS_A_USER_RUNS_IT });
    const ms = Math.round(performance.now() - t0);
    const rssMb = Math.round(Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
    const summary = r.stdout ? (JSON.parse(r.stdout) as { summary?: unknown }).summary : undefined;
    const requests = lines(log).length - before;
    process.stdout.write(`${JSON.stringify({ pods: written.pods, run: i + 1, ms, rssMb, requests, exit: r.status, summary })}\n`);
  }
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

