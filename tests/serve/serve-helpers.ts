// Starts `arcdoctor serve` in-process on the guide's OSM snapshot and runs the real kubectl against it,
// each caller with its own HOME and KUBECONFIG so kubectl's discovery cache never leaks between servers.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer, type ServeOptions } from '../../src/serve/index.js';

export const GUIDE_SNAPSHOT = 'tests/fixtures/serve/guide-osm';
/** The snapshot's collectedAt: the guide's AGE column holds at this instant. */
export const GUIDE_NOW = new Date('2024-01-10T12:00:00Z');

const run = promisify(execFile);

export interface KubectlEnv {
  server: RunningServer;
  home: string;
  kubeconfig: string;
  kubectl(args: string[], stdin?: string): Promise<{ stdout: string; stderr: string; code: number }>;
  shell(command: string): Promise<{ stdout: string; stderr: string; code: number }>;
  close(): Promise<void>;
}

export async function startGuideServer(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer({ snapshot: GUIDE_SNAPSHOT, now: () => GUIDE_NOW, ...options });
}

export async function kubectlEnv(options: Partial<ServeOptions> = {}, kubectlBinary = 'kubectl'): Promise<KubectlEnv> {
  const server = await startGuideServer(options);
  const home = mkdtempSync(join(tmpdir(), 'arcdoctor-serve-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig);
  const env = { ...process.env, HOME: home, KUBECONFIG: kubeconfig };
  const exec = async (file: string, args: string[], stdin?: string) => {
    try {
      const child = run(file, args, { env, timeout: 20_000 });
      if (stdin !== undefined) child.child.stdin?.end(stdin);
      const r = await child;
      return { stdout: r.stdout, stderr: r.stderr, code: 0 };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; code?: number };
      return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : 1 };
    }
  };
  return {
    server,
    home,
    kubeconfig,
    kubectl: (args, stdin) => exec(kubectlBinary, args, stdin),
    shell: (command) => exec('bash', ['-o', 'pipefail', '-c', command]),
    close: async () => {
      await server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The table kubectl printed, as rows of whitespace-separated cells (header first). */
export function rows(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));
}
