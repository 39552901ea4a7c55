// The engine's run (src/engine/run.ts), exactly: the report's fields, what each result carries, the order in
// which checks that read others run, area applicability and its crashes, the empty-cluster skip, read failures,
// crashes, unread logs (issue #10: an unknown is never a pass) and suppressions narrowing a result.
import { describe, expect, it } from 'vitest';
import { defineCheck, fail, pass, warn, type AreaDefinition, type CheckDefinition, type CheckOutcome, type ResultOfRun } from '../../src/checks/define.js';
import { ARM_COMPLETE_GROUP } from '../../src/checks/azure/arm.js';
import { runChecks, type RunOptions } from '../../src/engine/run.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { R } from '../../src/snapshot/resources.js';
import { Snapshot, type ReadFailure, type SnapshotParts } from '../../src/snapshot/snapshot.js';

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tools' } };
const check = (id: string, run: () => CheckOutcome, over: Partial<CheckDefinition> = {}): CheckDefinition =>
  defineCheck({ id, area: 'k8s', title: `title of ${id}`, guide: `guide of ${id}`, reads: [], fixable: false, run, ...over });
const k8s: AreaDefinition = { id: 'k8s', title: 'Kubernetes API', detects: [], applies: () => ({ applies: true }) };

function run(checks: CheckDefinition[], parts: Partial<SnapshotParts> = {}, over: Partial<RunOptions> = {}) {
  const snap = new Snapshot({ objects: [ns], ...parts });
  const report = runChecks(snap, {
    checks, areas: [k8s], selected: new Set(checks.map((c) => c.id)), suppressions: [], failOn: 'fail',
    now: new Date('2026-11-26T12:00:00Z'), target: { kind: 'snapshot', name: 'snap-1' }, version: '9.9.9', ...over,
  });
  return { report, byId: (id: string) => report.results.find((r) => r.id === id)! };
}

describe('the report', () => {
  it('carries the run options, the counts, the causes, the warnings and the exit code', () => {
    const a = check('TST001', () => fail('broken', { evidence: [{ ref: 'v1/Namespace tools' }], remediation: { text: 'fix it', commands: ['kubectl x'] } }), { fixable: true });
    const b = check('TST002', () => pass('fine'));
    const before = Date.now();
    const { report } = run([a, b], { warnings: ['duplicate object ignored'] });
    expect(report).toEqual({
      schemaVersion: 1,
      tool: { name: 'arcdoctor', version: '9.9.9' },
      target: { kind: 'snapshot', name: 'snap-1' },
      startedAt: '2026-11-26T12:00:00.000Z',
      durationMs: expect.any(Number),
      summary: { pass: 1, warn: 0, fail: 1, skip: 0, error: 0, suppressed: 0 },
      results: [
        {
          id: 'TST001', area: 'k8s', title: 'title of TST001', fixable: true, docs: 'docs/checks/TST001.md', guide: 'guide of TST001', suppressed: false, selected: true,
          status: 'fail', message: 'broken', evidence: [{ ref: 'v1/Namespace tools' }], remediation: { text: 'fix it', commands: ['kubectl x'] },
          findings: undefined, notes: undefined, fixes: undefined,
        },
        {
          id: 'TST002', area: 'k8s', title: 'title of TST002', fixable: false, docs: 'docs/checks/TST002.md', guide: 'guide of TST002', suppressed: false, selected: true,
          status: 'pass', message: 'fine', evidence: [], remediation: undefined, findings: undefined, notes: undefined, fixes: undefined,
        },
      ],
      causes: [{ root: 'TST001', consequences: [], why: '' }],
      warnings: ['duplicate object ignored'],
      exitCode: 1,
    });
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(report.durationMs).toBeLessThanOrEqual(Date.now() - before);
  });

  it('a check left out by --check/--skip is a skip that is not selected, and is never run', () => {
    let ran = false;
    const a = check('TST001', () => ((ran = true), fail('x')));
    const { report, byId } = run([a, check('TST002', () => pass('ok'))], {}, { selected: new Set(['TST002']) });
    expect(ran).toBe(false);
    expect(byId('TST001')).toEqual({
      id: 'TST001', area: 'k8s', title: 'title of TST001', fixable: false, docs: 'docs/checks/TST001.md', guide: 'guide of TST001', evidence: [], suppressed: false,
      status: 'skip', message: 'not selected (--area/--check/--skip)', selected: false,
    });
    expect(report.summary).toEqual({ pass: 1, warn: 0, fail: 0, skip: 1, error: 0, suppressed: 0 });
  });

  it('passes the clock and the catalog to each check', () => {
    const seen: unknown[] = [];
    const a = check('TST001', () => pass('ok'));
    a.run = (_snap, ctx) => (seen.push(ctx.now.toISOString(), ctx.catalog.map((c) => c.id), ctx.results), pass('ok'));
    run([a, check('TST002', () => pass('ok'))]);
    expect(seen).toEqual(['2026-11-26T12:00:00.000Z', ['TST001', 'TST002'], undefined]);
  });
});

describe('checks that read the others', () => {
  it('run after every other selected check, whatever the catalog order, and see exactly their results', () => {
    const seen: ResultOfRun[][] = [];
    const refused: ReadFailure = { type: { group: '', kind: 'Pod', plural: 'pods' }, reason: 'forbidden', message: 'pods is forbidden' };
    const reader = check('TST000', () => pass('ok'), { readsResults: true });
    reader.run = (_s, ctx) => (seen.push([...ctx.results!]), warn('about the others'));
    const checks = [reader, check('TST001', () => fail('x')), check('TST002', () => pass('ok'), { reads: [{ type: R.Pod }] }), check('TST003', () => pass('never'))];
    const { byId } = run(checks, { readFailures: [refused] }, { selected: new Set(['TST000', 'TST001', 'TST002']) });
    expect(seen).toEqual([[{ id: 'TST001', status: 'fail', unread: [] }, { id: 'TST002', status: 'error', unread: [refused] }]]);
    expect(byId('TST000')).toMatchObject({ status: 'warn', message: 'about the others' });
  });
});

describe('areas', () => {
  const flux = (applies: AreaDefinition['applies']): AreaDefinition => ({ id: 'flux', title: 'Flux', detects: [{ type: R.Namespace }], applies });
  const fluxCheck = (over: Partial<CheckDefinition> = {}) => check('TST010', () => fail('ran'), { area: 'flux', ...over });

  it('an absent area skips its checks with its reason; a check that runs regardless still runs', () => {
    const absent = flux(() => ({ applies: false, reason: 'no flux-system namespace' }));
    expect(run([fluxCheck()], {}, { areas: [absent] }).byId('TST010')).toMatchObject({ status: 'skip', message: 'no flux-system namespace' });
    expect(run([fluxCheck({ runsWhenAreaAbsent: true })], {}, { areas: [absent] }).byId('TST010')).toMatchObject({ status: 'fail', message: 'ran' });
  });

  it('"not installed" with its detection refused is error naming the area and the read, with that read as what it rests on', () => {
    const refused: ReadFailure = { type: { group: '', kind: 'Namespace', plural: 'namespaces' }, reason: 'forbidden', message: 'namespaces is forbidden' };
    const reader = check('TST000', () => pass('x'), { readsResults: true });
    let unread: unknown;
    reader.run = (_s, ctx) => ((unread = ctx.results), pass('x'));
    const { byId, report } = run([fluxCheck(), reader], { readFailures: [refused] }, { areas: [flux(() => ({ applies: false, reason: 'no flux-system namespace' })), k8s] });
    expect(byId('TST010')).toMatchObject({ status: 'error', message: 'whether Flux is installed cannot be told: list namespaces cluster-wide was forbidden (namespaces is forbidden)', evidence: [] });
    expect(unread).toEqual([{ id: 'TST010', status: 'error', unread: [refused] }]);
    expect(report.exitCode).toBe(4);
  });

  it('an area whose detection crashes counts as present, so its checks run', () => {
    const crashes = flux(() => {
      throw new Error('detection bug');
    });
    expect(run([fluxCheck()], {}, { areas: [crashes] }).byId('TST010')).toMatchObject({ status: 'fail', message: 'ran' });
  });

  it('a check of an area with no definition runs', () => {
    expect(run([fluxCheck()], {}, { areas: [] }).byId('TST010')).toMatchObject({ status: 'fail', message: 'ran' });
  });
});

describe('a snapshot without Kubernetes objects', () => {
  const empty = { objects: [] };
  const cluster = check('TST001', () => fail('ran'));
  const azure = check('TST002', () => fail('ran'), { area: 'azure' });
  const reason = 'the snapshot holds no Kubernetes objects (Azure data only)';

  it('skips the cluster checks, not the Azure ones', () => {
    const { byId } = run([cluster, azure], empty);
    expect(byId('TST001')).toMatchObject({ status: 'skip', message: reason });
    expect(byId('TST002')).toMatchObject({ status: 'fail', message: 'ran' });
  });

  it('Azure types read whole are still no cluster', () => {
    expect(run([cluster], { ...empty, completeTypes: [{ group: ARM_COMPLETE_GROUP, kind: 'Microsoft.KubernetesConfiguration/extensions' }] }).byId('TST001')).toMatchObject({ status: 'skip', message: reason });
  });

  it('is judged as an empty cluster when a cluster type was listed whole', () => {
    expect(run([cluster], { ...empty, completeTypes: [{ group: ARM_COMPLETE_GROUP, kind: 'x' }, { group: '', kind: 'Pod' }] }).byId('TST001')).toMatchObject({ status: 'fail', message: 'ran' });
  });

  it('with a failed read it is no Azure-only bundle: the failure decides', () => {
    const refused: ReadFailure = { type: { group: '', kind: 'Pod', plural: 'pods' }, reason: 'unavailable', message: 'timeout' };
    expect(run([check('TST001', () => pass('x'), { reads: [{ type: R.Pod }] })], { ...empty, readFailures: [refused] }).byId('TST001')).toMatchObject({
      status: 'error', message: 'could not read what this check needs: list pods cluster-wide failed (timeout)',
    });
    expect(run([cluster], { ...empty, readFailures: [refused] }).byId('TST001')).toMatchObject({ status: 'fail', message: 'ran' });
  });
});

describe('crashes', () => {
  it('an Error is reported with its message, anything else as text', () => {
    const { byId, report } = run([
      check('TST001', () => { throw new Error('boom'); }),
      check('TST002', () => { throw 'a string'; }),
      check('TST003', () => pass('after')),
    ]);
    expect(byId('TST001')).toMatchObject({ status: 'error', message: 'the check itself failed: boom (please report this)', evidence: [] });
    expect(byId('TST002')).toMatchObject({ status: 'error', message: 'the check itself failed: a string (please report this)' });
    expect(byId('TST003')).toMatchObject({ status: 'pass', message: 'after' });
    expect(report.exitCode).toBe(4);
  });
});

describe('what a skip or a crash rests on', () => {
  it('the Azure-only skip, the area skip and a crash name no failed read to the checks that read results', () => {
    const seen: ResultOfRun[] = [];
    const reader = check('TST000', () => pass('r'), { area: 'azure', readsResults: true });
    reader.run = (_s, ctx) => (seen.push(...ctx.results!), pass('r'));
    const absent: AreaDefinition = { id: 'flux', title: 'Flux', detects: [], applies: () => ({ applies: false, reason: 'no flux' }) };
    const checks = [check('TST001', () => pass('x')), check('TST002', () => pass('x'), { area: 'flux' }), check('TST003', () => { throw new Error('boom'); }, { area: 'azure' }), reader];
    run(checks, { objects: [] }, { areas: [k8s, absent] });
    run(checks, {}, { areas: [k8s, absent] });
    expect(seen).toEqual([
      { id: 'TST001', status: 'skip', unread: [] },
      { id: 'TST002', status: 'skip', unread: [] },
      { id: 'TST003', status: 'error', unread: [] },
      { id: 'TST001', status: 'pass', unread: [] },
      { id: 'TST002', status: 'skip', unread: [] },
      { id: 'TST003', status: 'error', unread: [] },
    ]);
  });
});
