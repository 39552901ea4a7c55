// `arcdoctor serve` as a user runs it: kubeconfig on stdout, a free port, kubectl through it, clean SIGTERM exit.
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GUIDE_SNAPSHOT } from '../serve/serve-helpers.js';

const run = promisify(execFile);

describe('arcdoctor serve (the CLI)', () => {
  it('prints a kubeconfig kubectl can use and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/arcdoctor', 'serve', '--snapshot', GUIDE_SNAPSHOT, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => stderr.includes('serving') && (clearInterval(t), resolve()), 20);
      setTimeout(() => reject(new Error(`no server: ${stderr}`)), 10_000);
    });
    expect(stdout).toMatch(/server: http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/port \d+/);
    const home = mkdtempSync(join(tmpdir(), 'serve-cli-'));
    writeFileSync(join(home, 'config'), stdout);
    const { stdout: out } = await run('kubectl', ['get', 'deployments', '-n', 'arc-osm-system', '-o', 'name'], { env: { ...process.env, HOME: home, KUBECONFIG: join(home, 'config') } });
    expect(out.trim().split('\n')).toEqual(['deployment.apps/osm-controller', 'deployment.apps/osm-injector']);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('server stopped');
  });

  it('exits 2 with one line for a missing snapshot', async () => {
    const r = await run(process.execPath, ['bin/arcdoctor', 'serve', '--snapshot', 'nope/missing']).catch((e) => e);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('arcdoctor: --snapshot nope/missing: no such file or folder');
  });
});
