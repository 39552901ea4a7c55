// Runs the built CLI as a user would, once per report format (the global setup builds it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWellFormedXml } from './xml-wellformed.js';

function arcdoctor(...args: string[]) {
  const r = spawnSync('./bin/arcdoctor', args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const shapes: Record<string, (out: string) => void> = {
  junit: (out) => {
    expect(assertWellFormedXml(out).root).toBe('testsuites');
    expect(out).toContain('<testcase classname="ama" name="AMA003 ');
  },
  sarif: (out) => {
    const doc = JSON.parse(out);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0].results).toEqual([]);
    expect(doc.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('AMA002');
  },
  markdown: (out) => {
    expect(out).toMatch(/^# arcdoctor report — snapshot `examples\/ama-healthy`/);
    expect(out).toContain('| ✅ pass | **AMA003**');
    expect(out).not.toContain('## Problems');
  },
  html: (out) => {
    expect(out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out.trimEnd().endsWith('</html>')).toBe(true);
    expect(out).toContain('AMA003');
  },
  prometheus: (out) => {
    expect(out).toContain('arcdoctor_check_status{id="AMA003",area="ama",target="examples/ama-healthy",status="pass"} 1');
    expect(out).toContain('arcdoctor_checks{target="examples/ama-healthy",status="fail"} 0');
    expect(out).toMatch(/^arcdoctor_run_duration_seconds\{target="examples\/ama-healthy"\} [0-9.]+$/m);
  },
};

describe('arcdoctor check --output FORMAT on a healthy AMA snapshot', () => {
  for (const [format, shape] of Object.entries(shapes)) {
    it(`prints a ${format} report on stdout and exits 0`, () => {
      const r = arcdoctor('check', '--snapshot', 'examples/ama-healthy', '--output', format);
      expect(r.code).toBe(0);
      shape(r.stdout);
    });
  }

  it('keeps the exit code of the findings whatever the format (1 on the Oracle Linux 9 example)', () => {
    for (const format of Object.keys(shapes)) expect(arcdoctor('check', '--snapshot', 'examples/ama-oracle-linux-9', '--output', format).code).toBe(1);
  });

  it('writes the report to --out and nothing on stdout', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'arcdoctor-')), 'report.xml');
    const r = arcdoctor('check', '--snapshot', 'examples/ama-charmed-privileged', '--output', 'junit', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const xml = readFileSync(out, 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toMatch(/name="AMA001 [^"]*" time="0">\s*<failure type="fail" message="Charmed Kubernetes[^"]*refuses the privileged ama-logs pods/);
  });
});
