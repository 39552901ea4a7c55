import { describe, expect, it } from 'vitest';
import { defineCheck, fail, fromFindings, pass, type AreaDefinition, type CheckDefinition } from '../../src/checks/define.js';
import { runChecks, type RunOptions } from '../../src/engine/run.js';
import { exitCodeFor, worstExitCode } from '../../src/engine/report-model.js';
import { parseSuppression } from '../../src/engine/suppress.js';
import { UsageError } from '../../src/errors.js';
import { R } from '../../src/snapshot/resources.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';

const nsA = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } };
const nsB = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', annotations: { 'arcdoctor.io/suppress': 'TST002' } } };

const perNamespace = defineCheck({
  id: 'TST002',
  area: 'osm',
  title: 'every namespace is fine',
  guide: 'test',
  reads: [{ type: R.Namespace }],
  fixable: false,
  run: (snap) =>
    fromFindings(
      snap.list(R.Namespace).map((n) => ({ status: n.metadata.name === 'team-a' ? 'fail' : 'warn', object: { kind: 'Namespace', name: n.metadata.name }, message: `${n.metadata.name} is bad`, commands: [`fix ${n.metadata.name}`] })),
      { pass: 'all fine', remediation: 'fix them' },
    ),
});
const failing = defineCheck({ id: 'TST001', area: 'k8s', title: 'always fails', guide: 'test', reads: [], fixable: false, run: () => fail('broken', { evidence: [{ ref: 'x' }], remediation: { text: 't', commands: [] } }) });
const crashing = defineCheck({ id: 'TST003', area: 'k8s', title: 'crashes', guide: 'test', reads: [], fixable: false, run: () => { throw new Error('boom'); } });
const needsPods = defineCheck({ id: 'TST004', area: 'k8s', title: 'reads pods', guide: 'test', reads: [{ type: R.Pod }], fixable: false, run: () => pass('ok') });
const fluxOnly = defineCheck({ id: 'TST005', area: 'flux', title: 'flux thing', guide: 'test', reads: [], fixable: false, run: () => fail('should not run') });
const fluxV1 = defineCheck({ id: 'TST006', area: 'flux', title: 'runs anyway', guide: 'test', reads: [], fixable: false, runsWhenAreaAbsent: true, run: () => pass('ran') });

const checks: CheckDefinition[] = [failing, perNamespace, crashing, needsPods, fluxOnly, fluxV1];
const areas: AreaDefinition[] = [{ id: 'flux', title: 'Flux', detects: [{ type: R.Namespace }], applies: () => ({ applies: false, reason: 'no flux-system namespace' }) }];

function run(snap: Snapshot, over: Partial<RunOptions> = {}) {
  return runChecks(snap, {
    checks,
    areas,
    selected: new Set(checks.map((c) => c.id)),
    suppressions: [],
    failOn: 'fail',
    now: new Date('2026-01-01T00:00:00Z'),
    target: { kind: 'snapshot', name: 't' },
    version: 'test',
    ...over,
  });
}
const byId = (r: ReturnType<typeof run>, id: string) => r.results.find((x) => x.id === id)!;
const ids = new Set(checks.map((c) => c.id));

describe('engine', () => {
  const snap = new Snapshot({ objects: [nsA, nsB] });

  it('reports every check exactly once, unselected ones as skip', () => {
    const r = run(snap, { selected: new Set(['TST001']) });
    expect(r.results.map((x) => x.id)).toEqual(checks.map((c) => c.id));
    expect(byId(r, 'TST004')).toMatchObject({ status: 'skip', selected: false });
  });

  it('turns a crashing check into error and keeps going', () => {
    const r = run(snap);
    expect(byId(r, 'TST003')).toMatchObject({ status: 'error' });
    expect(byId(r, 'TST003').message).toContain('boom');
    expect(byId(r, 'TST004').status).toBe('pass');
  });

  it('skips a whole area with one reason, except checks that run regardless', () => {
    const r = run(snap);
    expect(byId(r, 'TST005')).toMatchObject({ status: 'skip', message: 'no flux-system namespace' });
    expect(byId(r, 'TST006').status).toBe('pass');
  });

  it('ends a check in error when a read it needs was forbidden', () => {
    const denied = new Snapshot({ objects: [nsA], readFailures: [{ type: { group: '', kind: 'Pod', plural: 'pods' }, reason: 'forbidden', message: 'pods is forbidden' }] });
    const r = run(denied);
    expect(byId(r, 'TST004').status).toBe('error');
    expect(byId(r, 'TST004').message).toContain('list pods cluster-wide was forbidden');
  });

  it('honours the suppress annotation on the object of a finding', () => {
    const r = run(snap);
    const res = byId(r, 'TST002');
    expect(res.status).toBe('fail');
    expect(res.findings?.map((f) => f.message)).toEqual(['team-a is bad']);
    expect(res.message).toContain('1 suppressed');
    expect(res.remediation?.commands).toEqual(['fix team-a']);
  });

  it('suppresses the result when every finding is suppressed, keeping its status', () => {
    const r = run(snap, { suppressions: [parseSuppression('TST002:Namespace/team-*', '--suppress', ids)] });
    expect(byId(r, 'TST002')).toMatchObject({ status: 'fail', suppressed: true });
    expect(r.summary.suppressed).toBe(1);
  });

  it('never lets a suppressed result decide the exit code', () => {
    const r = run(snap, { suppressions: ['TST001', 'TST002'].map((s) => parseSuppression(s, '--suppress', ids)) });
    expect(r.exitCode).toBe(4); // TST003 still errors
    const r2 = run(snap, { selected: new Set(['TST001', 'TST002']), suppressions: ['TST001', 'TST002'].map((s) => parseSuppression(s, '--suppress', ids)) });
    expect(r2.exitCode).toBe(0);
  });

  it('rejects an unknown ID in a suppression', () => {
    expect(() => parseSuppression('NOPE1:Pod/x/y', '--suppress', ids)).toThrow(UsageError);
  });

  it('rejects an unknown ID in a suppress annotation', () => {
    const bad = new Snapshot({ objects: [{ ...nsA, metadata: { name: 'z', annotations: { 'arcdoctor.io/suppress': 'OSM999' } } }] });
    expect(() => run(bad)).toThrow(/unknown check ID "OSM999"/);
  });
});

describe('exit codes', () => {
  const result = (status: 'pass' | 'warn' | 'fail' | 'error', suppressed = false) => ({ status, suppressed }) as never;
  it('follows --fail-on', () => {
    expect(exitCodeFor([result('warn')], 'fail')).toBe(0);
    expect(exitCodeFor([result('warn')], 'warn')).toBe(1);
    expect(exitCodeFor([result('fail')], 'never')).toBe(0);
    expect(exitCodeFor([result('error')], 'fail')).toBe(4);
    expect(exitCodeFor([result('error'), result('fail')], 'fail')).toBe(1);
    expect(exitCodeFor([result('fail', true)], 'fail')).toBe(0);
  });
  it('takes the worst of several targets', () => {
    expect(worstExitCode([0, 4, 1])).toBe(1);
    expect(worstExitCode([0, 3, 1])).toBe(3);
    expect(worstExitCode([0, 0])).toBe(0);
  });
});
