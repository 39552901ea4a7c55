// Runs the built CLI as a user would: exit code, stdout, stderr.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve('bin/arcdoctor');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function arcdoctor(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): CliRun {
  const p = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    input: opts.input ?? '',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...opts.env },
    timeout: 60_000,
  });
  return { code: p.status ?? -1, stdout: p.stdout, stderr: p.stderr };
}

/** A snapshot folder made of the given files, in a fresh temp dir. */
export function tempSnapshot(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text);
}

/** The same, without blocking the event loop: for tests whose API server runs in this process. */
export function arcdoctorAsync(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolveRun({ code: code ?? -1, stdout, stderr }));
  });
}
