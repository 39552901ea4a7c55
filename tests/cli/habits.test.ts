// CLI habits (issue #15): -o, the format from --out's extension, comma lists, "did you mean", --short --quiet,
// progress on a 0-column terminal, and README's example output kept equal to the real one.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputFormatOf } from '../../src/cli/check.js';
import { progressReporter } from '../../src/cli/progress.js';
import { arcdoctor } from '../helpers/cli.js';

const INJECTOR = 'examples/osm-injector-down';

describe('CLI habits', () => {
  it('-o is --output', () => {
    const r = arcdoctor(['check', '--snapshot', INJECTOR, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).causes).toEqual([expect.objectContaining({ root: 'OSM006', consequences: ['OSM005', 'OSM008'] })]);
  });

  it('infers the format from --out when --output is not given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-out-'));
    const out = join(dir, 'report.sarif');
    const r = arcdoctor(['check', '--snapshot', INJECTOR, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(outputFormatOf({ out: 'a.sarif.json' })).toBe('sarif');
    expect(outputFormatOf({ out: 'a.xml' })).toBe('junit');
    expect(outputFormatOf({ out: 'a.prom' })).toBe('prometheus');
    expect(outputFormatOf({ out: 'a.md' })).toBe('markdown');
    expect(outputFormatOf({ out: 'a.HTML' })).toBe('html');
    expect(outputFormatOf({ out: 'a.log' })).toBe('text');
    expect(outputFormatOf({ out: 'a.json', output: 'text' })).toBe('text');
    expect(() => outputFormatOf({ output: 'yaml' })).toThrow('--output yaml: unknown format');
  });

  it('takes a comma list for --suppress', () => {
    const r = arcdoctor(['check', '--snapshot', INJECTOR, '-o', 'json', '--suppress', 'OSM005,OSM008']);
    const suppressed = JSON.parse(r.stdout).results.filter((x: { suppressed: boolean }) => x.suppressed).map((x: { id: string }) => x.id);
    expect(suppressed).toEqual(['OSM005', 'OSM008']);
    expect(r.code).toBe(1);
  });

  it('suggests the flag or command meant, on one line, exit 2', () => {
    const flag = arcdoctor(['check', '--snapshot', INJECTOR, '--outptu', 'json']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("error: unknown option '--outptu' (Did you mean --output?)\n");
    const cmd = arcdoctor(['chekc']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toBe("error: unknown command 'chekc' (Did you mean check?)\n");
  });

  it('--short --quiet still names each problem', () => {
    const r = arcdoctor(['check', '--snapshot', INJECTOR, '--short', '--quiet']);
    expect(r.stdout).toMatch(/^× OSM006 /m);
    expect(r.stdout).toMatch(/^ {4}↳ × OSM005 /m);
    expect(r.stdout).toMatch(/^ {4}↳ × OSM008 /m);
  });

  it('progress on a terminal that reports 0 columns keeps the whole line', () => {
    let written = '';
    const stream = { isTTY: true, columns: 0, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const p = progressReporter(stream, false);
    p('reading pods');
    expect(written).toBe('\r\u001b[2Kreading pods');
    written = '';
    progressReporter({ ...stream, columns: 8 } as unknown as NodeJS.WriteStream, false)('reading pods');
    expect(written).toBe('\r\u001b[2Kreading');
  });
});

describe("README's example output", () => {
  it('is what npm start prints (elided lines aside)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- example-output:start -->\n```\n\$ npm start\n\n([\s\S]*?)```\n<!-- example-output:end -->/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const actual = arcdoctor(['check', '--snapshot', INJECTOR, '--fail-on', 'never']).stdout.split('\n').map(normalize);
    let at = 0;
    for (const line of block!.split('\n').filter((l) => l !== '' && !l.trimStart().startsWith('…')).map(normalize)) {
      const found = actual.indexOf(line, at);
      expect(found, `README line not in the output (in order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});

function normalize(line: string): string {
  return line.replace(/\(\d+ ms\)$/, '(N ms)');
}
