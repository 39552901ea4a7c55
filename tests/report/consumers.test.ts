// Every format of every bundled example (and a fleet of them) checked by the tool that reads it:
// promtool, xmllint with Jenkins xUnit's junit-10.xsd, sarif-multitool validate, ajv with docs/report.schema.json,
// cmark-gfm for GitHub-flavoured Markdown.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MultiReport, Report } from '../../src/engine/report-model.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown, GITHUB_COMMENT_LIMIT } from '../../src/report/markdown.js';
import { formatPrometheus } from '../../src/report/prometheus.js';
import { formatSarif } from '../../src/report/sarif.js';
import { runAll } from '../helpers/check-harness.js';
import { run, sarifMultitool, tool } from './consumer-tools.js';

const examples = readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
/** As the CLI makes them: a release version, and the cluster named by each snapshot.yaml's context. */
function asCli(name: string): Report {
  const r = runAll(`examples/${name}`);
  const context = /^context: (\S+)$/m.exec(readFileSync(`examples/${name}/snapshot.yaml`, 'utf8'))?.[1];
  return { ...r, tool: { ...r.tool, version: '0.1.0' }, target: { ...r.target, ...(context ? { cluster: context } : {}) }, failOn: 'fail' };
}
const reports = new Map<string, Report>(examples.map((name) => [name, asCli(name)]));
const fleet: MultiReport = { schemaVersion: 1, targets: examples.map((n) => ({ ...reports.get(n)!, target: { kind: 'snapshot', name: n } })) };
const docs: Array<[string, Report | MultiReport]> = [...reports.entries(), ['fleet', fleet]];
const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-consumers-'));

describe('prometheus: promtool check metrics', () => {
  it.each(docs)('%s is clean', (name, doc) => {
    const r = run(tool('promtool'), ['check', 'metrics'], formatPrometheus(doc));
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('the checker itself rejects the 0.1 `_total` gauge', () => {
    const r = run(tool('promtool'), ['check', 'metrics'], '# HELP arcdoctor_checks_total x\n# TYPE arcdoctor_checks_total gauge\narcdoctor_checks_total 1\n');
    expect(r.out).toContain('non-counter metrics should not have "_total" suffix');
  });
});

describe('junit: xmllint --schema junit-10.xsd (Jenkins xUnit)', () => {
  const xsd = 'tests/report/consumers/junit-10.xsd';

  it.each(docs)('%s is valid, with the counts of the JSON summary', (name, doc) => {
    const file = join(dir, `${name}.xml`);
    const xml = formatJunit(doc);
    writeFileSync(file, xml);
    const r = run(tool('xmllint'), ['--noout', '--schema', xsd, file]);
    expect(r.out).toContain('validates');
    expect(r.code).toBe(0);
    const targets = 'targets' in doc ? doc.targets : [doc];
    const sum = (k: 'fail' | 'error' | 'pass' | 'warn' | 'skip') => targets.reduce((n, t) => n + t.summary[k], 0);
    const head = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml)!;
    expect(head.slice(1).map(Number)).toEqual([sum('pass') + sum('warn') + sum('fail') + sum('skip') + sum('error'), sum('fail'), sum('error')]);
    const pairs = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('the schema itself rejects `skipped` on <testsuites>', () => {
    const file = join(dir, 'bad.xml');
    writeFileSync(file, '<testsuites tests="1" skipped="1"><testsuite name="a" tests="1" failures="0" errors="0"/></testsuites>');
    expect(run(tool('xmllint'), ['--noout', '--schema', xsd, file]).code).not.toBe(0);
  });
});

describe('sarif: sarif-multitool validate (SARIF and GitHub ingestion rules)', () => {
  let output = '';
  const files = docs.map(([name]) => join(dir, `${name}.sarif`));

  beforeAll(() => {
    const bin = sarifMultitool();
    chmodSync(bin, 0o755); // npm ci without install scripts leaves it unexecutable
    docs.forEach(([, doc], i) => writeFileSync(files[i], formatSarif(doc)));
    writeFileSync(join(dir, 'relative-help.sarif'), formatSarif(reports.get('osm-injector-down')!).replace(/"helpUri": "https:\/\/github.com\/arcdoctor\/arcdoctor\/blob\/main\//g, '"helpUri": "'));
    const r = run(bin, ['validate', ...files, join(dir, 'relative-help.sarif'), '--rule-kind', 'Sarif;Gh', '-c', 'tests/report/consumers/sarif-validate.xml']);
    output = r.out;
    expect(r.out).toContain('Analysis completed successfully');
  }, 180_000);

  it('reports no error and no warning on any example', () => {
    const problems = output.split('\n').filter((l) => /: (error|warning) (SARIF|GH)\d+/.test(l) && !l.includes('relative-help.sarif'));
    expect(problems).toEqual([]);
  });

  it('the validator itself flags a relative helpUri', () => {
    expect(output).toMatch(/relative-help\.sarif\(\d+,\d+\): error SARIF1005/);
  });

  it('gives every result a physical location, a fingerprint and a stable category per cluster', () => {
    const sarif = JSON.parse(formatSarif(reports.get('osm-injector-down')!));
    const run0 = sarif.runs[0];
    expect(run0.automationDetails.id).toMatch(/^arcdoctor\/arc-demo-cluster\//);
    expect(run0.results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['OSM005', 'OSM006', 'OSM008']);
    for (const r of run0.results) {
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^cluster\/arc-demo-cluster\/(Deployment|Pod|Endpoints)\/arc-osm-system\/osm-injector/);
      expect(r.partialFingerprints['arcdoctorObject/v1']).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(run0.results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('cluster/arc-demo-cluster/Pod/arc-osm-system/osm-injector-5986c57765-vlsdk');
  });
});

describe('json: docs/report.schema.json (ajv)', () => {
  // CommonJS packages under NodeNext: the class and the plugin are their `default` export.
  const Ajv = AjvModule.default;
  const addFormats = addFormatsModule.default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync('docs/report.schema.json', 'utf8')));

  it.each(docs)('%s validates, with remediation present or null on every result', (name, doc) => {
    const json = JSON.parse(formatJson(doc));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const targets = 'targets' in json ? json.targets : [json];
    for (const t of targets) for (const r of t.results) expect(r).toHaveProperty('remediation');
  });

  it('the schema itself rejects a result without remediation', () => {
    const json = JSON.parse(formatJson(reports.get('osm-healthy')!));
    delete json.results[0].remediation;
    expect(validate(json)).toBe(false);
  });
});

describe('markdown: cmark-gfm', () => {
  it.each(docs)('%s renders its tables, folds consequences and autolinks nothing from the cluster', (name, doc) => {
    const md = formatMarkdown(doc);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const html = run(tool('cmark-gfm'), ['-e', 'table', '-e', 'autolink', '--unsafe'], md).out;
    expect(html).toContain('<table>');
    const links = [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    for (const l of links) expect(l).toMatch(/^https:\/\/github\.com\/arcdoctor\/arcdoctor\/blob\/main\/docs\/checks\/[A-Z]+\d{3}\.md$/);
    const targets = 'targets' in doc ? doc.targets : [doc];
    if ('targets' in doc) return;
    const problems = targets[0].results.filter((r) => r.status === 'fail' || r.status === 'warn').length;
    if (problems) expect(html.indexOf('root cause')).toBeLessThan(html.indexOf('All checks'));
  });

  it('stays under the limit with a note when a fleet is too long', () => {
    const big: MultiReport = { schemaVersion: 1, targets: Array.from({ length: 40 }, (_, i) => ({ ...reports.get('osm-sidecar-in-control-plane')!, target: { kind: 'snapshot' as const, name: `t${i}` } })) };
    const md = formatMarkdown(big);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toMatch(/> \*\*Truncated:\*\* \d+ more section\(s\) left out/);
  });

  it('never autolinks a URL or an address from an Event', () => {
    const rep = reports.get('osm-injector-down')!;
    const hostile = { ...rep, results: rep.results.map((r) => (r.id === 'OSM006' ? { ...r, message: 'see https://10.0.0.1:443/healthz and www.example.com or ops@example.com' } : r)) };
    const html = run(tool('cmark-gfm'), ['-e', 'table', '-e', 'autolink'], formatMarkdown(hostile)).out;
    expect(html).toContain('<code>https://10.0.0.1:443/healthz</code>');
    expect(html).not.toMatch(/<a href="(https:\/\/10|http:\/\/www|mailto)/);
  });
});

mkdirSync(dir, { recursive: true });
