// Two engine rules, exactly (src/engine/run.ts): a decisive log that could not be read turns pass or skip into
// error naming the log, while a problem found in the objects stands with a note (issue #10); and suppressions by ID,
// by object and by annotation narrow a result to what is left (CONTRACT.md).
import { describe, expect, it } from 'vitest';
import { defineCheck, fromFindings, pass, skip, warn, type AreaDefinition, type CheckDefinition, type CheckOutcome, type Finding, type ResultOfRun } from '../../src/checks/define.js';
import { runChecks } from '../../src/engine/run.js';
import { parseSuppression } from '../../src/engine/suppress.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { R } from '../../src/snapshot/resources.js';
import { POD_LOG_TYPE, Snapshot, type ReadFailure } from '../../src/snapshot/snapshot.js';

const agent: KubeObject = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'agent-1', namespace: 'tools', labels: { app: 'agent' } },
  spec: { containers: [{ name: 'agent' }, { name: 'proxy' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'agent', ready: true, restartCount: 0 }, { name: 'proxy', ready: true, restartCount: 0 }] },
};
const refusedLog = (container: string): ReadFailure => ({ type: { ...POD_LOG_TYPE }, namespace: 'tools', name: `agent-1/${container}`, reason: 'forbidden', message: `log ${container} forbidden` });
const agentLog = refusedLog('agent');
const proxyLog = refusedLog('proxy');
const described = (c: string) => `get the log of tools/agent-1/${c} was forbidden (log ${c} forbidden)`;
const k8s: AreaDefinition = { id: 'k8s', title: 'Kubernetes API', detects: [], applies: () => ({ applies: true }) };
const decisive = { selector: 'app=agent', container: 'agent', decisive: true };
const explanatory = { selector: 'app=agent', container: 'proxy', decisive: false };

function run(checks: CheckDefinition[], readFailures: ReadFailure[], opts: { suppress?: string[]; objects?: KubeObject[] } = {}) {
  const ids = new Set(checks.map((c) => c.id));
  const seen: ResultOfRun[] = [];
  const reader = defineCheck({ id: 'TST999', area: 'k8s', title: 'r', guide: 'g', reads: [], fixable: false, readsResults: true, run: (_s, ctx) => (seen.push(...ctx.results!), pass('r')) });
  const report = runChecks(new Snapshot({ objects: opts.objects ?? [agent], readFailures }), {
    checks: [...checks, reader], areas: [k8s], selected: new Set([...ids, 'TST999']), failOn: 'fail', now: new Date(0), target: { kind: 'cluster', name: 'c' }, version: 't',
    suppressions: (opts.suppress ?? []).map((s) => parseSuppression(s, '--suppress', ids)),
  });
  return { report, seen, byId: (id: string) => report.results.find((r) => r.id === id)! };
}
const logCheck = (id: string, outcome: CheckOutcome, logs = [decisive, explanatory]) =>
  defineCheck({ id, area: 'k8s', title: id, guide: 'g', reads: [{ type: R.Pod }], logs, fixable: false, run: () => outcome });

describe('logs that could not be read', () => {
  it('a decisive one turns a pass into error naming only the decisive logs, and that is what the result rests on', () => {
    const { byId, seen } = run([logCheck('TST001', pass('clean log', { notes: ['kept?'] }))], [agentLog, proxyLog]);
    expect(byId('TST001')).toMatchObject({ status: 'error', message: `this check decides from container logs that could not be read: ${described('agent')}`, evidence: [] });
    expect(byId('TST001').notes).toBeUndefined();
    expect(seen).toEqual([{ id: 'TST001', status: 'error', unread: [agentLog] }]);
  });

  it('a decisive one turns a skip into error too', () => {
    expect(run([logCheck('TST001', skip('nothing to judge'))], [agentLog]).byId('TST001')).toMatchObject({
      status: 'error', message: `this check decides from container logs that could not be read: ${described('agent')}`,
    });
  });

  it('a warn or fail found in the objects stands, with a note naming every unread log after its own notes', () => {
    const outcome = warn('agent restarted', { evidence: [{ ref: 'v1/Pod tools/agent-1' }], notes: ['own note'], remediation: { text: 't', commands: ['c'] } });
    const { byId, seen } = run([logCheck('TST001', outcome)], [agentLog, proxyLog]);
    expect(byId('TST001')).toMatchObject({
      status: 'warn', message: 'agent restarted', evidence: [{ ref: 'v1/Pod tools/agent-1' }], remediation: { text: 't', commands: ['c'] },
      notes: ['own note', `decided without these logs (they could not be read): ${described('agent')}; ${described('proxy')}`],
    });
    expect(seen).toEqual([{ id: 'TST001', status: 'warn', unread: [agentLog, proxyLog] }]);
  });

  it('an explanatory one never changes a pass: a note, and the log named as decided without', () => {
    const { byId, seen } = run([logCheck('TST001', pass('ready'))], [proxyLog]);
    expect(byId('TST001')).toMatchObject({ status: 'pass', message: 'ready', notes: [`decided without these logs (they could not be read): ${described('proxy')}`] });
    expect(seen).toEqual([{ id: 'TST001', status: 'pass', unread: [proxyLog] }]);
  });

  it('an explanatory one leaves a skip a skip, with the note', () => {
    expect(run([logCheck('TST001', skip('n/a'))], [proxyLog]).byId('TST001')).toMatchObject({ status: 'skip', message: 'n/a', notes: [`decided without these logs (they could not be read): ${described('proxy')}`] });
  });

  it('nothing unread: the outcome as the check gave it, resting on nothing', () => {
    const { byId, seen } = run([logCheck('TST001', pass('clean'))], [{ type: { group: '', kind: 'Node', plural: 'nodes' }, reason: 'forbidden', message: 'nodes' }]);
    expect(byId('TST001')).toMatchObject({ status: 'pass', message: 'clean', notes: undefined });
    expect(seen).toEqual([{ id: 'TST001', status: 'pass', unread: [] }]);
  });
});

describe('suppressions narrowing a result', () => {
  const finding = (name: string, status: 'warn' | 'fail', extra: Partial<Finding> = {}): Finding => ({
    status, object: { kind: 'Namespace', name }, message: `${name} is bad`, evidence: [{ ref: `v1/Namespace ${name}` }], commands: [`fix ${name}`, 'shared command'],
    fixes: [{ title: `fix ${name}`, target: { apiVersion: 'v1', kind: 'Namespace', name }, patchType: 'merge', patch: { metadata: { labels: { ok: name } } } }], ...extra,
  });
  const three = [finding('a', 'fail'), finding('b', 'warn'), finding('c', 'warn')];
  const perNs = (findings: Finding[] = three) => defineCheck({ id: 'TST002', area: 'k8s', title: 't', guide: 'g', reads: [], fixable: true, run: () => fromFindings(findings, { pass: 'all fine', remediation: 'fix them', notes: ['n'] }) });

  it('some findings suppressed: status, message, evidence, commands and fixes follow what is left', () => {
    const r = run([perNs()], [], { suppress: ['TST002:Namespace/a'] }).byId('TST002');
    expect(r).toMatchObject({
      status: 'warn', suppressed: false, message: '2 problems: b is bad; and 1 more (1 suppressed)',
      findings: [three[1], three[2]], evidence: [{ ref: 'v1/Namespace b' }, { ref: 'v1/Namespace c' }],
      remediation: { text: 'fix them', commands: ['fix b', 'shared command', 'fix c'] }, fixes: [...three[1].fixes!, ...three[2].fixes!], notes: ['n'],
    });
  });

  it('two suppressed, one fail left: its own message and status', () => {
    const r = run([perNs()], [], { suppress: ['TST002:Namespace/b', 'TST002:Namespace/c'] }).byId('TST002');
    expect(r).toMatchObject({ status: 'fail', suppressed: false, message: 'a is bad (2 suppressed)', remediation: { text: 'fix them', commands: ['fix a', 'shared command'] } });
  });

  it('findings without evidence, commands or fixes narrow to empty lists', () => {
    const bare = (n: string): Finding => ({ status: 'warn', object: { kind: 'Namespace', name: n }, message: `${n} bare` });
    const r = run([perNs([bare('a'), bare('b')])], [], { suppress: ['TST002:Namespace/a'] }).byId('TST002');
    expect(r).toMatchObject({ status: 'warn', message: 'b bare (1 suppressed)', evidence: [], remediation: { text: 'fix them', commands: [] }, fixes: [] });
  });

  it('a result without remediation keeps none when narrowed', () => {
    const noRemediation = defineCheck({ id: 'TST003', area: 'k8s', title: 't', guide: 'g', reads: [], fixable: false, run: () => ({ status: 'fail', message: 'm', findings: three }) });
    const r = run([noRemediation], [], { suppress: ['TST003:Namespace/a'] }).byId('TST003');
    expect(r.remediation).toBeUndefined();
    expect(r.status).toBe('warn');
  });

  it('every finding suppressed: the result is suppressed as it was', () => {
    const { byId, report } = run([perNs()], [], { suppress: ['TST002:Namespace/*'] });
    expect(byId('TST002')).toMatchObject({ status: 'fail', suppressed: true, message: '3 problems: a is bad; and 2 more' });
    expect(report.exitCode).toBe(0);
    expect(report.summary.suppressed).toBe(1);
    expect(report.causes).toEqual([]);
  });

  it('none of its findings suppressed: the result unchanged, no "(0 suppressed)"', () => {
    const r = run([perNs()], [], { suppress: ['TST002:Namespace/zzz'] }).byId('TST002');
    expect(r).toMatchObject({ status: 'fail', suppressed: false, message: '3 problems: a is bad; and 2 more' });
    expect(r.findings).toHaveLength(3);
  });

  it('the whole check by ID: suppressed with everything kept', () => {
    const r = run([perNs()], [], { suppress: ['TST002'] }).byId('TST002');
    expect(r).toMatchObject({ status: 'fail', suppressed: true, message: '3 problems: a is bad; and 2 more' });
    expect(r.findings).toHaveLength(3);
  });

  it('the annotation on a finding\'s object suppresses that finding', () => {
    const annotated: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b', annotations: { 'arcdoctor.io/suppress': 'TST002' } } };
    const r = run([perNs()], [], { objects: [agent, annotated] }).byId('TST002');
    expect(r).toMatchObject({ status: 'fail', message: '2 problems: a is bad; and 1 more (1 suppressed)', suppressed: false });
  });

  it('a result without findings is left alone by object suppressions', () => {
    const plain = defineCheck({ id: 'TST004', area: 'k8s', title: 't', guide: 'g', reads: [], fixable: false, run: () => ({ status: 'fail', message: 'm', findings: [] }) });
    expect(run([plain], [], { suppress: ['TST004:Namespace/*'] }).byId('TST004')).toMatchObject({ status: 'fail', message: 'm', suppressed: false });
  });
});
