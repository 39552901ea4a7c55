// The report model's arithmetic, exactly: the worst status, the summary counts and the exit codes (CONTRACT.md:
// 0 clean, 1 at or above --fail-on, 4 incomplete, 3 unreachable), for every status at every --fail-on.
import { describe, expect, it } from 'vitest';
import type { Status } from '../../src/checks/define.js';
import { exitCodeFor, summarize, worstExitCode, worstStatus, type CheckResult, type FailOn } from '../../src/engine/report-model.js';

const result = (status: Status, suppressed = false): CheckResult => ({
  id: 'TST001', area: 'k8s', title: 't', status, message: 'm', evidence: [], fixable: false, suppressed, docs: '', guide: '', selected: true,
});

describe('worstStatus', () => {
  it('is pass for nothing, and a skip alone is no worse than a pass', () => {
    expect(worstStatus([])).toBe('pass');
    expect(worstStatus(['skip'])).toBe('pass');
    expect(worstStatus(['skip', 'pass'])).toBe('pass');
  });

  it('ranks error below warn below fail, whatever the order', () => {
    expect(worstStatus(['error'])).toBe('error');
    expect(worstStatus(['warn'])).toBe('warn');
    expect(worstStatus(['error', 'warn'])).toBe('warn');
    expect(worstStatus(['warn', 'error'])).toBe('warn');
    expect(worstStatus(['warn', 'fail', 'warn'])).toBe('fail');
    expect(worstStatus(['fail', 'warn'])).toBe('fail');
    expect(worstStatus(['fail', 'error', 'pass'])).toBe('fail');
  });
});

describe('summarize', () => {
  it('counts every status once and suppressed results beside their status', () => {
    const s = summarize([result('pass'), result('pass'), result('warn'), result('fail', true), result('skip'), result('error'), result('error'), result('error')]);
    expect(s).toEqual({ pass: 2, warn: 1, fail: 1, skip: 1, error: 3, suppressed: 1 });
  });

  it('is all zeros for no results', () => {
    expect(summarize([])).toEqual({ pass: 0, warn: 0, fail: 0, skip: 0, error: 0, suppressed: 0 });
  });
});

describe('exitCodeFor', () => {
  const table: Array<[Status, FailOn, number]> = [
    ['pass', 'fail', 0], ['pass', 'warn', 0], ['pass', 'never', 0],
    ['skip', 'fail', 0], ['skip', 'warn', 0], ['skip', 'never', 0],
    ['warn', 'fail', 0], ['warn', 'warn', 1], ['warn', 'never', 0],
    ['fail', 'fail', 1], ['fail', 'warn', 1], ['fail', 'never', 0],
    ['error', 'fail', 4], ['error', 'warn', 4], ['error', 'never', 0],
  ];
  it.each(table)('a %s result at --fail-on %s exits %i', (status, failOn, code) => {
    expect(exitCodeFor([result(status)], failOn)).toBe(code);
  });

  it('a failure outranks an error; an error outranks a warn below the level', () => {
    expect(exitCodeFor([result('error'), result('fail')], 'fail')).toBe(1);
    expect(exitCodeFor([result('fail'), result('error')], 'fail')).toBe(1);
    expect(exitCodeFor([result('warn'), result('error')], 'fail')).toBe(4);
    expect(exitCodeFor([result('warn'), result('error')], 'warn')).toBe(1);
  });

  it('a suppressed result never decides it, an unsuppressed one beside it still does', () => {
    expect(exitCodeFor([result('fail', true)], 'fail')).toBe(0);
    expect(exitCodeFor([result('warn', true)], 'warn')).toBe(0);
    expect(exitCodeFor([result('error', true)], 'fail')).toBe(0);
    expect(exitCodeFor([result('fail', true), result('error')], 'fail')).toBe(4);
    expect(exitCodeFor([result('error', true), result('warn')], 'warn')).toBe(1);
    expect(exitCodeFor([], 'warn')).toBe(0);
  });
});

describe('worstExitCode', () => {
  it('orders unreachable, failing, incomplete, clean', () => {
    expect(worstExitCode([0, 4, 1])).toBe(1);
    expect(worstExitCode([4, 1, 3, 0])).toBe(3);
    expect(worstExitCode([1, 3])).toBe(3);
    expect(worstExitCode([4, 1])).toBe(1);
    expect(worstExitCode([0, 4])).toBe(4);
    expect(worstExitCode([4, 0])).toBe(4);
    expect(worstExitCode([0, 0])).toBe(0);
    expect(worstExitCode([0])).toBe(0);
    expect(worstExitCode([])).toBe(0);
  });

  it('codes outside the contract alone: the first of them, never clean', () => {
    expect(worstExitCode([2])).toBe(2);
    expect(worstExitCode([5, 2])).toBe(5);
    expect(worstExitCode([2, 4])).toBe(4);
  });
});
