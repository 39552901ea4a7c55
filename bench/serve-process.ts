// The one way the benches start `arcdoctor serve` on a generated snapshot and read its request log.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const CLI = join(process.cwd(), 'bin/arcdoctor');

/**
 * The environment to run CLI itself (not `node CLI`), as an installed `arcdoctor` runs: through its shebang, whose
 * V8 flags are part of what is measured; this node first on PATH so the shebang finds the same one.
 */
export const AS_A_USER_RUNS_IT = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

/** Starts serve and resolves once its kubeconfig names the server (bounded: 10 minutes for a 50k-pod snapshot). */
export function serve(snapshot: string, kubeconfig: string, requestLog: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--snapshot', snapshot, '--kubeconfig-out', kubeconfig, '--log-requests', requestLog], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (existsSync(kubeconfig) && readFileSync(kubeconfig, 'utf8').includes('server:')) {
        clearInterval(poll);
        resolve(child);
      } else if (Date.now() - started > 600_000 || child.exitCode !== null) {
        clearInterval(poll);
        reject(new Error('arcdoctor serve did not start'));
      }
    }, 100);
  });
}

/** The non-empty lines of a file (serve's request log), none when it does not exist yet. */
export function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}
