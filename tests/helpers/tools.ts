// External tools a test needs (promtool, kubectl): a missing one fails the test with the install command.
import { spawnSync } from 'node:child_process';

const INSTALL: Record<string, string> = {
  promtool: 'apt-get update && apt-get install -y prometheus   # Debian package `prometheus` ships promtool',
  kubectl: 'install kubectl (https://kubernetes.io/docs/tasks/tools/) and put it on PATH',
};

export function requireTool(name: keyof typeof INSTALL): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${name} is not on PATH; install it: ${INSTALL[name]}`);
  return found.stdout.trim();
}

export function promtoolCheckMetrics(text: string): { code: number; output: string } {
  const p = spawnSync(requireTool('promtool'), ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: p.status ?? -1, output: `${p.stdout}${p.stderr}`.trim() };
}
