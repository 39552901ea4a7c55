import { describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/html.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatPrometheus, labelValue } from '../../src/report/prometheus.js';
import { formatSarif } from '../../src/report/sarif.js';
import { format } from '../../src/report/index.js';
import { HOSTILE, sampleMulti, sampleReport } from './sample-report.js';
import { assertWellFormedXml } from './xml-wellformed.js';

const textOpts = { style: { color: false }, short: false, quiet: false };

describe('the well-formedness checker itself', () => {
  it('rejects unescaped markup, so the XML tests below can fail', () => {
    expect(() => assertWellFormedXml('<a><b></a></b>')).toThrow(/mismatched/);
    expect(() => assertWellFormedXml('<a x="1 & 2"/>')).toThrow(/bare &/);
    expect(() => assertWellFormedXml('<a>x < y</a>')).toThrow();
    expect(assertWellFormedXml('<?xml version="1.0"?>\n<a x="&amp;"><b/></a>\n').root).toBe('a');
  });
});

describe('junit', () => {
  const xml = formatJunit(sampleReport());

  it('is well-formed XML with hostile strings escaped', () => {
    expect(assertWellFormedXml(xml).root).toBe('testsuites');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&amp;y&quot;)');
    expect(xml).not.toContain('\u0007');
  });

  it('has one testsuite per area and one testcase per selected check', () => {
    const { elements } = assertWellFormedXml(xml);
    expect(elements.filter((e) => e === 'testsuite')).toHaveLength(4);
    expect(elements.filter((e) => e === 'testcase')).toHaveLength(6);
    expect(xml).toContain('<testcase classname="ama" name="AMA002 title of AMA002" time="0">');
    expect(xml).not.toContain('OSM002');
  });

  it('maps fail to failure, warn to a warning failure, error to error and skip or suppressed to skipped', () => {
    expect(xml).toMatch(/name="AMA002[^>]*>\s*<failure type="fail"/);
    // A warn is a failure only under --fail-on warn; below it the test case passes with the warning in system-out.
    expect(xml).toMatch(/name="AMA001[^>]*>\s*<system-out>warning \(below --fail-on fail\)/);
    expect(formatJunit({ ...sampleReport(), failOn: 'warn' })).toMatch(/name="AMA001[^>]*>\s*<failure type="warning"/);
    expect(xml).toMatch(/name="AMA003[^>]*>\s*<error type="error"/);
    expect(xml).toMatch(/name="AZ001[^>]*>\s*<skipped message="no Azure data"/);
    expect(xml).toMatch(/name="OSM001[^>]*>\s*<skipped message="suppressed \(fail\)/);
    expect(xml).toContain('<testsuites name="arcdoctor" tests="6" failures="1" errors="1" time="1.234">');
  });

  it('puts the remediation commands in the failure body', () => {
    expect(xml).toContain('$ ssh ol9-worker-1 &apos;sudo modprobe iptable_nat');
  });

  it('names suites by target and area for several targets, still well-formed', () => {
    const multi = formatJunit(sampleMulti());
    assertWellFormedXml(multi);
    expect(multi).toContain('<testsuite name="cluster-a · ama"');
  });
});

describe('sarif', () => {
  const sarif = JSON.parse(formatSarif(sampleReport()));
  const run = sarif.runs[0];

  it('has the SARIF 2.1.0 required fields', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif-2.1.0');
    expect(run.tool.driver.name).toBe('arcdoctor');
    expect(Array.isArray(run.results)).toBe(true);
    for (const r of run.results) {
      expect(typeof r.message.text).toBe('string');
      expect(typeof r.ruleId).toBe('string');
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
  });

  it('has one rule per check with its docs as helpUri and its title as short description', () => {
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'AMA002');
    expect(rule).toMatchObject({ name: 'TitleOfAMA002', helpUri: 'https://github.com/arcdoctor/arcdoctor/blob/main/docs/checks/AMA002.md', shortDescription: { text: 'title of AMA002.' } });
    expect(new Set(run.tool.driver.rules.map((x: { id: string }) => x.id)).size).toBe(run.tool.driver.rules.length);
  });

  it('reports fail as error, warn as warning, error as note; skip and pass not at all', () => {
    const levels = Object.fromEntries(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]));
    expect(levels).toEqual({ AMA001: 'warning', AMA002: 'error', OSM001: 'error' });
    // error is not a failed rule: a tool notification, and the invocation did not succeed.
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications.map((n: { associatedRule?: { id: string } }) => n.associatedRule?.id)).toContain('AMA003');
  });

  it('locates results logically by their evidence refs and marks suppressed ones', () => {
    const ama002 = run.results.find((r: { ruleId: string }) => r.ruleId === 'AMA002');
    expect(ama002.locations[0].logicalLocations[0].fullyQualifiedName).toBe('v1/Node ol9-worker-1');
    const osm001 = run.results.find((r: { ruleId: string }) => r.ruleId === 'OSM001');
    expect(osm001.suppressions[0].kind).toBe('external');
    expect(ama002.suppressions).toBeUndefined();
  });

  it('has one run per target for several targets', () => {
    expect(JSON.parse(formatSarif(sampleMulti())).runs).toHaveLength(2);
  });
});

describe('markdown', () => {
  const md = formatMarkdown(sampleReport());

  it('has a summary table row per selected check and a section per unsuppressed problem', () => {
    expect(md).toContain('| status | check | area | result |');
    expect(md.match(/^\| (✅|➖|⚠️|❌|❓)/gm)).toHaveLength(6);
    expect(md).toContain('### ❌ fail AMA002');
    expect(md).toContain('### ⚠️ warn AMA001');
    expect(md).toContain('### ❓ error AMA003');
    expect(md).not.toContain('### ❌ fail OSM001');
  });

  it('keeps commands in a code block and hostile text from breaking the table or fences', () => {
    expect(md).toMatch(/```sh\nssh ol9-worker-1 'sudo modprobe iptable_nat && echo iptable_nat \| sudo tee \/etc\/modules-load.d\/iptable_nat.conf'\n/);
    const tableRows = md.split('\n').filter((l) => l.startsWith('| '));
    for (const row of tableRows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
    // The observed log holds ``` so its fence must be longer.
    expect(md).toContain('````text');
    // Inside code blocks and spans markup is literal; everywhere else it must be escaped.
    const prose = md.replace(/(`{3,})[a-z]*\n[\s\S]*?\n\s*\1/g, '').replace(/`[^`\n]*`/g, '');
    expect(prose).not.toMatch(/<script>/);
    expect(prose).toContain('\\<script\\>');
  });
});

describe('html', () => {
  const html = formatHtml(sampleReport());

  it('is one self-contained page without scripts or external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link|src=|http:\/\//);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[^&]+&#39;; script-src &#39;sha256-/);
    // The only https:// links are the docs pages, absolute.
    for (const m of html.match(/https:\/\/[^"<]+/g) ?? []) expect(m).toMatch(/^https:\/\/github\.com\/arcdoctor\/arcdoctor\/blob\/main\/docs\/checks\/[A-Z]+\d{3}\.md$/);
  });

  it('escapes hostile strings everywhere', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;');
    expect(html).toContain('ssh ol9-worker-1 &#39;sudo modprobe iptable_nat &amp;&amp; echo iptable_nat | sudo tee');
  });

  it('expands each problem and lists every selected check by area', () => {
    expect(html).toContain('<div class="problem" id="AMA002" data-area="ama" data-status="fail">');
    expect(html).toContain('<div class="problem" id="AMA001" data-area="ama" data-status="warn">');
    expect(html).toContain('<span class="count skip">1 skipped</span>');
    expect(html).toContain('<h3>Azure Monitor Container Insights</h3>');
    expect(html).not.toContain('OSM002');
  });
});

describe('prometheus', () => {
  const prom = formatPrometheus(sampleReport());
  const samples = prom.split('\n').filter((l) => l && !l.startsWith('#'));

  it('declares HELP and TYPE for every family', () => {
    for (const name of ['arcdoctor_up', 'arcdoctor_check_status', 'arcdoctor_checks', 'arcdoctor_snapshot_warnings', 'arcdoctor_run_duration_seconds']) {
      expect(prom).toContain(`# HELP ${name} `);
      expect(prom).toContain(`# TYPE ${name} gauge`);
    }
  });

  it('gives each selected check 1 for its status and 0 for the others', () => {
    expect(prom).toContain('arcdoctor_check_status{id="AMA002",area="ama",target="examples/ama-oracle-linux-9",status="fail"} 1');
    expect(prom).toContain('arcdoctor_check_status{id="AMA002",area="ama",target="examples/ama-oracle-linux-9",status="pass"} 0');
    expect(prom).not.toContain('id="OSM002"');
    expect(prom).toContain('arcdoctor_checks{target="examples/ama-oracle-linux-9",status="fail"} 2');
    expect(prom).not.toContain('_total');
    expect(prom).toContain('arcdoctor_up{target="examples/ama-oracle-linux-9"} 1');
    expect(formatPrometheus(sampleReport(), { unreachable: ['prod'] })).toContain('arcdoctor_up{target="prod"} 0');
    expect(prom).toContain('arcdoctor_run_duration_seconds{target="examples/ama-oracle-linux-9"} 1.234');
  });

  it('writes every sample line in the exposition grammar, escaping label values', () => {
    const multi = formatPrometheus(sampleMulti());
    const line = /^[a-zA-Z_:][a-zA-Z0-9_:]*\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\} -?[0-9.e+-]+$/;
    for (const l of [...samples, ...multi.split('\n').filter((x) => x && !x.startsWith('#'))]) expect(l).toMatch(line);
    expect(multi).toContain('target="cluster \\"b\\"\\nnew"');
    expect(labelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});

describe('format registry', () => {
  it('serves every CONTRACT format', () => {
    for (const f of ['junit', 'sarif', 'markdown', 'html', 'prometheus']) expect(format(sampleReport(), f, textOpts).length).toBeGreaterThan(100);
  });

  it('keeps hostile text out of the markup in every format', () => {
    expect(format(sampleReport(), 'html', textOpts)).not.toContain(HOSTILE);
    expect(format(sampleReport(), 'junit', textOpts)).not.toContain('<script>');
  });
});
