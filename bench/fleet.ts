// `npm run bench:fleet`: `arcdoctor fleet` against a 10,000-cluster ARM + Resource Graph stand-in (5 subscriptions,
// about 26,000 configuration rows, half of them PascalCase), as a user runs it: the built CLI, an `az` on PATH for
// the token, ARCDOCTOR_ARM_ENDPOINT and NODE_EXTRA_CA_CERTS. Measures wall time, peak RSS (/usr/bin/time -v) and
// requests, for JSON and text output. Targets (issue #12): under 30 s and under 300 MB peak RSS.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet } from '../tests/azure/fleet-stand-in.js';

const CLI = join(process.cwd(), 'bin/arcdoctor');
const CLUSTERS = Number(process.env.FLEET_CLUSTERS ?? 10_000);
const SUBS = 5;

interface Run {
  output: string;
  ms: number;
  rssMb: number;
  exit: number;
  requests: number;
  bytes: number;
}

async function main(): Promise<void> {
  const subscriptions = Array.from({ length: SUBS }, (_, i) => ({ id: `0000000${i}-fee7-4000-8000-00000000000${i}`, clusters: CLUSTERS / SUBS, ...(i === 1 ? { extensionManager: 'NotRegistered' } : {}) }));
  const arm = await startFleet({ subscriptions, throttleGraphRequest: 3 });
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-bench-fleet-'));
  writeFileSync(join(dir, 'az'), `#!/bin/sh\necho '{"accessToken":"bench","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer"}'\n`);
  chmodSync(join(dir, 'az'), 0o755);
  writeFileSync(join(dir, 'ca.pem'), arm.ca);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', ARCDOCTOR_ARM_ENDPOINT: arm.endpoint, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
  const runs: Run[] = [];
  try {
    for (const output of ['json', 'text']) {
      const before = arm.requests.length;
      const out = join(dir, `fleet.${output}`);
      const t0 = performance.now();
      const r = await run(['-v', process.execPath, CLI, 'fleet', '--output', output, '--out', out, '--quiet'], env);
      runs.push({ output, ms: Math.round(performance.now() - t0), rssMb: Math.round(Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024), exit: r.code, requests: arm.requests.length - before, bytes: statSync(out).size });
    }
  } finally {
    await arm.close();
  }
  console.log(`arcdoctor fleet, ${CLUSTERS.toLocaleString('en-US')} clusters in ${SUBS} subscriptions (one 429 on the first run)\n`);
  console.log('| output | wall time | peak RSS | requests | report size | exit | under 30 s | under 300 MB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of runs) {
    console.log(`| ${r.output} | ${(r.ms / 1000).toFixed(2)} s | ${r.rssMb} MB | ${r.requests} | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.exit} | ${r.ms < 30_000 ? 'yes' : 'no'} | ${r.rssMb < 300 ? 'yes' : 'no'} |`);
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

await main();
