// The real consumers of each format, found on this machine or a clear failure naming the install command:
// a test that needs one of them never skips silently.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const INSTALL: Record<string, string> = {
  promtool: 'apt-get install -y prometheus',
  xmllint: 'apt-get install -y libxml2-utils',
  'cmark-gfm': 'apt-get install -y cmark-gfm',
  chromium: 'apt-get install -y chromium',
};

export function tool(name: keyof typeof INSTALL): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`${name} is not installed; CI and developers need it for the report tests: ${INSTALL[name]}`);
  return found;
}

/** The native validator the npm package ships (its bin.js passes arguments through a shell, breaking `;` lists). */
export function sarifMultitool(): string {
  const bin = resolve('node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  if (!existsSync(bin)) throw new Error('sarif-multitool is missing: npm ci (devDependency @microsoft/sarif-multitool)');
  return bin;
}

export function run(cmd: string, args: string[], input?: string): { code: number; out: string } {
  const p = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  return { code: p.status ?? -1, out: `${p.stdout ?? ''}${p.stderr ?? ''}` };
}
