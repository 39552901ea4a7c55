// Fault injection (issue #10): every fault serve can inject × every area. Whatever fails, no check turns a known
// fail into pass or skip, and a cluster that could not be read never exits 0.
import { describe, expect, it } from 'vitest';
import type { Area } from '../../src/checks/define.js';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { typeKey, type ResourceType } from '../../src/snapshot/resources.js';
import type { ReadFailure, Snapshot } from '../../src/snapshot/snapshot.js';
import { clusterSide, denyName, liveCheck, withServer, type LiveRun } from './live-run.js';

/** Per area, a cluster whose failures are known (offline and live agree), log-based ones included. */
const CASES: Array<{ area: Area | 'all'; path: string; fails: string[] }> = [
  { area: 'osm', path: 'examples/osm-injector-down', fails: ['OSM005', 'OSM006', 'OSM008'] },
  { area: 'flux', path: 'tests/fixtures/scenarios/aks-pod-identity-flux-token-intercepted', fails: ['FLUX004'] },
  { area: 'flux', path: 'examples/flux-dry-run-webhook', fails: ['FLUX002'] },
  { area: 'ama', path: 'examples/ama-oracle-linux-9', fails: ['AMA002', 'AMA003'] },
  // A healthy cluster, every area: no known fail, so only the exit code can lie.
  { area: 'all', path: 'examples/healthy-all-extensions', fails: [] },
];

/** Every type the area's checks and detection list, and pods/log when they read logs. */
function denials(area: Area | 'all'): string[] {
  const types = new Map<string, ResourceType>();
  for (const a of AREA_DEFINITIONS.filter((x) => area === 'all' || x.id === area)) for (const r of a.detects) types.set(typeKey(r.type), r.type);
  const checks = CHECKS.filter((c) => area === 'all' || c.area === area);
  for (const c of checks) for (const r of c.reads) types.set(typeKey(r.type), r.type);
  const names = [...types.values()].map(denyName);
  return checks.some((c) => c.logs?.length) ? [...names, 'pods/log'] : names;
}

const areasOf = (area: Area | 'all'): Area[] | undefined => (area === 'all' ? undefined : [area]);

/** The lists the selected checks declare that failed: a cluster not read for them. */
function unreadFor(run: LiveRun): ReadFailure[] {
  const ids = new Set(run.results.map((r) => r.id));
  const checks = CHECKS.filter((c) => ids.has(c.id));
  return run.failures.filter((f) => f.name === undefined && checks.some((c) => c.reads.some((r) => r.type.group === f.type.group && r.type.kind === f.type.kind)));
}

function verdicts(run: LiveRun, known: string[]): string[] {
  const wrong = run.results.filter((r) => known.includes(r.id) && (r.status === 'pass' || r.status === 'skip')).map((r) => `${r.id} ${r.status}: ${r.message}`);
  if (run.exitCode === 0 && (known.length > 0 || unreadFor(run).length > 0)) wrong.push(`exit 0 (unread: ${unreadFor(run).map((f) => f.type.kind).join(', ') || 'none'})`);
  return wrong;
}

describe.each(CASES)('faults × area $area on $path', ({ area, path, fails }) => {
  let snap: Snapshot;
  const load = () => (snap ??= clusterSide(path));

  it('reads the known failures when nothing fails (the baseline the faults are judged against)', async () => {
    const run = await withServer({ snapshot: load() }, (s) => liveCheck(s, { areas: areasOf(area) }));
    const found = run.results.filter((r) => r.status === 'fail' || r.status === 'warn').map((r) => r.id);
    expect(found.sort()).toEqual([...fails].sort());
  });

  it('each read refused in turn (serve --deny): never a false green', async () => {
    const wrong: string[] = [];
    for (const deny of denials(area)) {
      const run = await withServer({ snapshot: load(), deny: [deny] }, (s) => liveCheck(s, { areas: area === 'all' ? undefined : [area, 'k8s'] }));
      const bad = verdicts(run, fails);
      // K8S001 warns exactly when serve refused something (logs on demand may need none on a healthy pod).
      const k8s = run.results.find((r) => r.id === 'K8S001')?.status;
      if (k8s !== (run.refused > 0 ? 'warn' : 'pass')) bad.push(`K8S001 ${k8s} after ${run.refused} refusals`);
      wrong.push(...bad.map((w) => `--deny ${deny}: ${w}`));
    }
    expect(wrong).toEqual([]);
  });

  it('every request failing (--fail-rate 1): exit 3, one line', async () => {
    const run = await withServer({ snapshot: load(), failRate: 1 }, (s) => liveCheck(s, { areas: areasOf(area) }));
    expect(run.exitCode).toBe(3);
    expect(run.unreachable).toMatch(/^context .+ \(http:\/\/127\.0\.0\.1:\d+\): could not read anything from the API server \(/);
  });

  it('half the requests failing (--fail-rate 0.5, three seeds): no known fail lost, never exit 0', async () => {
    const wrong: string[] = [];
    for (const seed of [1, 2, 3]) {
      const run = await withServer({ snapshot: load(), failRate: 0.5, seed }, (s) => liveCheck(s, { areas: areasOf(area) }));
      wrong.push(...verdicts(run, fails).map((w) => `seed ${seed}: ${w}`));
    }
    expect(wrong).toEqual([]);
  });

  it('--latency beyond --timeout: the reads cut short are errors or exit 3, never exit 0', async () => {
    const run = await withServer({ snapshot: load(), latencyMs: 60 }, (s) => liveCheck(s, { areas: areasOf(area), timeoutMs: 400, concurrency: 1 }));
    expect(verdicts(run, fails)).toEqual([]);
    expect([3, 4, 1]).toContain(run.exitCode);
    if (run.exitCode !== 3) expect(run.results.some((r) => r.status === 'error')).toBe(true);
  });

  it('the server killed mid-run: never exit 0, no known fail lost', async () => {
    const run = await withServer({ snapshot: load(), latencyMs: 20 }, (s) => liveCheck(s, { areas: areasOf(area), concurrency: 2, during: () => setTimeout(() => void s.close(), 90) }));
    expect(verdicts(run, fails)).toEqual([]);
  });
});
