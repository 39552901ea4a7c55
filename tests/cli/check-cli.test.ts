import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { spawnSync } from 'node:child_process';
import { arcdoctor, BIN, hasStackTrace, tempSnapshot } from '../helpers/cli.js';

const minimal = () => tempSnapshot({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n', 'snapshot.yaml': 'serverVersion: v1.29.2\n' });

describe('arcdoctor check (end to end)', () => {
  it('prints exactly one JSON document on stdout with every catalog ID once', () => {
    const r = arcdoctor(['check', '--snapshot', minimal(), '--output', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.target.kind).toBe('snapshot');
    expect(report.results.map((x: { id: string }) => x.id).sort()).toEqual(CHECKS.map((c) => c.id).sort());
    expect(r.code).toBe(0);
  });

  it('uses the multi-target form for several snapshots', () => {
    const r = arcdoctor(['check', '--snapshot', minimal(), '--snapshot', minimal(), '--output', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.targets).toHaveLength(2);
  });

  it('never colours with --no-color or NO_COLOR, and prints a summary line', () => {
    const snap = minimal();
    for (const run of [arcdoctor(['check', '--snapshot', snap, '--no-color']), arcdoctor(['check', '--snapshot', snap], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } })]) {
      expect(run.stdout).not.toContain('\u001b[');
      expect(run.stdout).toMatch(/\d+ failed, \d+ warnings, \d+ errors, \d+ passed/);
    }
  });

  it('writes the report to --out and nothing to stdout', () => {
    const snap = minimal();
    const out = join(snap, 'report.json');
    const r = arcdoctor(['check', '--snapshot', snap, '--output', 'json', '--out', out]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });

  it('lists the catalog and explains a check', () => {
    expect(arcdoctor(['checks', 'list']).stdout).toContain('K8S001');
    expect(arcdoctor(['checks', 'explain', 'k8s001']).stdout).toContain('K8S001');
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['check', '--bogus'], /unknown option '--bogus'/],
    ['an unknown check ID', ['check', '--check', 'NOPE999'], /--check NOPE999: unknown check ID/],
    ['an unknown ID in --suppress', ['check', '--suppress', 'NOPE1'], /unknown check ID "NOPE1"/],
    ['an unknown area', ['check', '--area', 'dns'], /--area dns: unknown area/],
    ['an unknown output format', ['check', '--output', 'yaml'], /--output yaml: unknown format/],
    ['a bad --fail-on', ['check', '--fail-on', 'sometimes'], /--fail-on sometimes/],
    ['a missing --config file', ['check', '--config', '/nope.yaml'], /--config \/nope\.yaml: cannot read/],
    ['half of the Azure target flags', ['check', '--cluster', 'c'], /go together/],
    ['a missing snapshot', ['check', '--snapshot', '/does/not/exist'], /no such file or folder/],
    ['an unknown command', ['frobnicate'], /unknown command/],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 with one line on ${what}`, () => {
      const snapArgs = args.includes('--snapshot') || args[0] !== 'check' ? [] : ['--snapshot', minimal()];
      const r = arcdoctor([...args, ...snapArgs]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(r.stdout).toBe('');
    });
  }

  it('reads suppressions from .arcdoctor.yaml in the working folder', () => {
    const snap = minimal();
    const cwd = tempSnapshot({ '.arcdoctor.yaml': 'suppress:\n  - K8S001\n' });
    const r = arcdoctor(['check', '--snapshot', snap, '--output', 'json'], { cwd });
    const k8s = JSON.parse(r.stdout).results.find((x: { id: string }) => x.id === 'K8S001');
    expect(k8s.suppressed).toBe(true);
    expect(JSON.parse(r.stdout).summary.suppressed).toBe(1);
  });

  it('stops quietly when the reader closes stdout early (arcdoctor checks list | head -1)', () => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" checks list | head -1`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('');
    expect(r.stderr).not.toMatch(/EPIPE|at .+:\d+:\d+/);
    expect(r.status).toBe(0);
  });

  it('prints help for every command', () => {
    for (const cmd of [[], ['check'], ['checks'], ['serve'], ['collect'], ['fix']]) {
      const r = arcdoctor([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: arcdoctor');
    }
  });
});
