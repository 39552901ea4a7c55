// The built exporter as a child process against `arcdoctor serve` in this process, and its endpoints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';

export interface ExporterProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function kubeconfigFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'arcdoctor-exporter-')), 'kubeconfig');
  writeFileSync(file, text);
  return file;
}

/** Starts `arcdoctor exporter ARGS --listen 127.0.0.1:0` and resolves once it says where it listens. */
export function startExporter(args: string[]): Promise<ExporterProcess> {
  const child = spawn(process.execPath, [BIN, 'exporter', '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve({ child, url: m[1], stderr: () => err, exited });
    });
    void exited.then(({ code }) => reject(new Error(`the exporter exited (${code}) before listening: ${err}`)));
  });
}

export async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** The value of one exact sample line (`name{labels}`), or undefined when the series is absent. */
export function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Polls /metrics until `done` holds; fails after `timeoutMs` with the last body. */
export async function metricsUntil(url: string, done: (metrics: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await get(`${url}/metrics`)).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last /metrics:\n${last}`);
}
