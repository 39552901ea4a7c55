// The floor: the same GET requests the check made, with bare fetch + JSON.parse, `concurrency` at a time,
// lists paginated the same way; no kubeconfig handling, no snapshot model, no checks.
// usage: node bench/floor.mjs SERVER_URL REQUESTS.json CONCURRENCY  → prints {"ms":…,"requests":…}
import { readFileSync } from 'node:fs';

const [server, file, conc] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, 'utf8'));
const started = performance.now();
let sent = 0;
let next = 0;
async function one(path, query) {
  let token;
  do {
    const q = new URLSearchParams(query);
    if (token) q.set('continue', token);
    const qs = q.toString();
    const res = await fetch(`${server}${path}${qs ? '?' + qs : ''}`);
    sent++;
    const text = await res.text();
    token = undefined;
    if ((res.headers.get('content-type') ?? '').includes('json')) token = JSON.parse(text).metadata?.continue || undefined;
  } while (token);
}
async function worker() {
  while (next < requests.length) {
    const r = requests[next++];
    await one(r.path, r.query);
  }
}
await Promise.all(Array.from({ length: Number(conc) || 8 }, worker));
process.stdout.write(JSON.stringify({ ms: Math.round(performance.now() - started), requests: sent }) + '\n');
