// The check model's helpers (src/checks/define.ts), the registry and the area definitions of k8s and azure, exactly.
import { describe, expect, it } from 'vitest';
import { defineCheck, error, fail, fromFindings, pass, skip, summarizeFindings, unique, warn, type Finding } from '../../src/checks/define.js';
import { area as azureArea, HOW_TO_ENABLE_AZURE } from '../../src/checks/azure/index.js';
import { area as k8sArea, checks as k8sChecks } from '../../src/checks/k8s/index.js';
import { AREA_DEFINITIONS, CHECKS, findCheck } from '../../src/checks/registry.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';

describe('outcome helpers', () => {
  it('pass, warn and fail carry their extras; skip and error only a message', () => {
    expect(pass('ok')).toEqual({ status: 'pass', message: 'ok' });
    expect(pass('ok', { notes: ['n'] })).toEqual({ status: 'pass', message: 'ok', notes: ['n'] });
    expect(warn('w', { evidence: [{ ref: 'r' }] })).toEqual({ status: 'warn', message: 'w', evidence: [{ ref: 'r' }] });
    expect(warn('w')).toEqual({ status: 'warn', message: 'w' });
    expect(fail('f', { remediation: { text: 't', commands: ['c'] } })).toEqual({ status: 'fail', message: 'f', remediation: { text: 't', commands: ['c'] } });
    expect(fail('f')).toEqual({ status: 'fail', message: 'f' });
    expect(skip('s')).toEqual({ status: 'skip', message: 's' });
    expect(error('e')).toEqual({ status: 'error', message: 'e' });
  });

  it('defineCheck returns the definition itself', () => {
    const def = { id: 'TST001', area: 'k8s' as const, title: 't', guide: 'g', reads: [], fixable: false, run: () => pass('ok') };
    expect(defineCheck(def)).toBe(def);
  });

  it('unique keeps the first of each, in order', () => {
    expect(unique(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
    expect(unique([])).toEqual([]);
  });
});

describe('fromFindings', () => {
  const w = (n: string, extra: Partial<Finding> = {}): Finding => ({ status: 'warn', message: `${n} warns`, ...extra });
  const f = (n: string, extra: Partial<Finding> = {}): Finding => ({ status: 'fail', message: `${n} fails`, ...extra });

  it('no finding: pass with the pass text, its notes and evidence, nothing else', () => {
    expect(fromFindings([], { pass: 'all good', remediation: 'unused', notes: ['n'], evidence: [{ ref: 'e' }] })).toEqual({ status: 'pass', message: 'all good', notes: ['n'], evidence: [{ ref: 'e' }] });
    expect(fromFindings([], { pass: 'all good', remediation: 'unused' })).toEqual({ status: 'pass', message: 'all good', notes: undefined, evidence: undefined });
  });

  it('one warning: warn, its message, its evidence, commands and fixes', () => {
    const fix = { title: 'x', target: { apiVersion: 'v1', kind: 'Namespace', name: 'a' }, patchType: 'merge' as const, patch: { a: 1 } };
    const one = w('a', { evidence: [{ ref: 'v1/Namespace a' }], commands: ['kubectl a'], fixes: [fix] });
    expect(fromFindings([one], { pass: 'p', remediation: 'do this', notes: ['n'] })).toEqual({
      status: 'warn', message: 'a warns', evidence: [{ ref: 'v1/Namespace a' }], remediation: { text: 'do this', commands: ['kubectl a'] }, findings: [one], fixes: [fix], notes: ['n'],
    });
  });

  it('any fail makes it fail; the message counts; evidence, commands (unique) and fixes in order', () => {
    const findings = [w('a', { evidence: [{ ref: 'A' }], commands: ['c1', 'c2'] }), f('b', { commands: ['c2', 'c3'] }), w('c', { evidence: [{ ref: 'C1' }, { ref: 'C2' }] })];
    expect(fromFindings(findings, { pass: 'p', remediation: 'r' })).toEqual({
      status: 'fail', message: '3 problems: a warns; and 2 more', evidence: [{ ref: 'A' }, { ref: 'C1' }, { ref: 'C2' }],
      remediation: { text: 'r', commands: ['c1', 'c2', 'c3'] }, findings, fixes: [], notes: undefined,
    });
  });

  it('summarizeFindings: one message alone, several counted', () => {
    expect(summarizeFindings([w('a')])).toBe('a warns');
    expect(summarizeFindings([f('a'), w('b')])).toBe('2 problems: a fails; and 1 more');
  });
});

describe('the registry', () => {
  it('lists the areas in report order and every check once', () => {
    expect(AREA_DEFINITIONS.map((a) => a.id)).toEqual(['k8s', 'azure', 'flux', 'ama', 'osm']);
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    expect(CHECKS[0].id).toBe('K8S001');
  });

  it('finds a check by ID in any case; an unknown ID is undefined', () => {
    expect(findCheck('osm013')?.id).toBe('OSM013');
    expect(findCheck('FLUX002')?.id).toBe('FLUX002');
    expect(findCheck('nope1')).toBeUndefined();
  });
});

describe('the k8s area', () => {
  it('always applies, detects nothing, holds K8S001', () => {
    expect(k8sArea).toMatchObject({ id: 'k8s', title: 'Kubernetes API', detects: [] });
    expect(k8sArea.applies(new Snapshot({ objects: [] }))).toEqual({ applies: true });
    expect(k8sChecks.map((c) => c.id)).toEqual(['K8S001']);
  });
});

describe('the azure area', () => {
  const snap = (parts: ConstructorParameters<typeof Snapshot>[0]) => new Snapshot(parts);

  it('applies with Azure data, even beside failures', () => {
    expect(azureArea.applies(snap({ objects: [], azure: [{ type: 'Microsoft.Kubernetes/connectedClusters', name: 'c' }], azureFailures: [{ armType: '*', reason: 'no-credentials', message: 'not logged in' }] }))).toEqual({ applies: true });
  });

  it('Azure not read at all: absent, with that failure as the reason', () => {
    const failures = [
      { armType: 'Microsoft.KubernetesConfiguration/extensions', reason: 'forbidden' as const, message: 'extensions forbidden' },
      { armType: '*', reason: 'no-credentials' as const, message: 'run az login' },
    ];
    expect(azureArea.applies(snap({ objects: [], azureFailures: failures }))).toEqual({ applies: false, reason: 'run az login' });
  });

  it('some Azure reads refused: applies, so the checks say what was refused', () => {
    expect(azureArea.applies(snap({ objects: [], azureFailures: [{ armType: 'Microsoft.KubernetesConfiguration/extensions', reason: 'forbidden', message: 'x' }] }))).toEqual({ applies: true });
  });

  it('no Azure data and no failure: absent, saying how to give it', () => {
    expect(azureArea.applies(snap({ objects: [] }))).toEqual({ applies: false, reason: HOW_TO_ENABLE_AZURE });
    expect(HOW_TO_ENABLE_AZURE).toBe('no Azure data: log in (az login) and pass --azure-subscription/--resource-group/--cluster/--cluster-type, or put az CLI JSON under azure/ in the snapshot');
  });
});
