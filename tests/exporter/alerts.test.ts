// The alert rules of deploy/components/monitoring, unit-tested with `promtool test rules`: when each one fires.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { requireTool } from '../helpers/tools.js';

type Rule = { alert: string; labels: Record<string, string>; annotations: Record<string, string> };
const spec = parse(readFileSync('deploy/components/monitoring/prometheusrule.yaml', 'utf8')).spec as { groups: Array<{ rules: Rule[] }> };
const rules = spec.groups.flatMap((g) => g.rules);

/** The alert as promtool expects it: the rule's labels and its annotations with the series' labels filled in. */
function expected(alert: string, series: Record<string, string>) {
  const rule = rules.find((r) => r.alert === alert)!;
  const fill = (t: string) => t.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => series[k] ?? '');
  return { exp_labels: { ...series, ...rule.labels }, exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, fill(v)])) };
}

function promtoolTest(tests: unknown[]): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-alerts-'));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(spec));
  writeFileSync(join(dir, 'tests.json'), JSON.stringify({ rule_files: ['rules.json'], evaluation_interval: '1m', tests }));
  const p = spawnSync(requireTool('promtool'), ['test', 'rules', join(dir, 'tests.json')], { encoding: 'utf8' });
  return { code: p.status ?? -1, output: `${p.stdout}${p.stderr}` };
}

const failing = { id: 'OSM005', area: 'osm', target: 'arc-prod-01', status: 'fail' };
const status = (l: Record<string, string>) => `arcdoctor_check_status{id="${l.id}",area="${l.area}",target="${l.target}",status="${l.status}"}`;

describe('alert rules', () => {
  it('ArcdoctorCheckFailing fires after 15 minutes of fail, not before, and never for a suppressed check', () => {
    const suppressedFail = { ...failing, id: 'OSM006' };
    const r = promtoolTest([
      {
        interval: '1m',
        input_series: [
          { series: status(failing), values: '1x30' },
          { series: `arcdoctor_check_suppressed{id="OSM005",area="osm",target="arc-prod-01"}`, values: '0x30' },
          { series: status(suppressedFail), values: '1x30' },
          { series: `arcdoctor_check_suppressed{id="OSM006",area="osm",target="arc-prod-01"}`, values: '1x30' },
        ],
        alert_rule_test: [
          { eval_time: '14m', alertname: 'ArcdoctorCheckFailing', exp_alerts: [] },
          { eval_time: '16m', alertname: 'ArcdoctorCheckFailing', exp_alerts: [expected('ArcdoctorCheckFailing', failing)] },
        ],
      },
    ]);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('ArcdoctorExporterDown fires after 10 minutes without a successful scrape, and when none is scraped at all', () => {
    const r = promtoolTest([
      {
        interval: '1m',
        input_series: [{ series: 'up{job="arcdoctor",instance="10.0.0.5:9090"}', values: '1 1 0x20' }],
        alert_rule_test: [
          { eval_time: '9m', alertname: 'ArcdoctorExporterDown', exp_alerts: [] },
          { eval_time: '14m', alertname: 'ArcdoctorExporterDown', exp_alerts: [expected('ArcdoctorExporterDown', {})] },
        ],
      },
      { interval: '1m', input_series: [], alert_rule_test: [{ eval_time: '11m', alertname: 'ArcdoctorExporterDown', exp_alerts: [expected('ArcdoctorExporterDown', {})] }] },
    ]);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('ArcdoctorApiUnreachable fires after 15 minutes of arcdoctor_up 0', () => {
    const instance = { instance: '10.0.0.5:9090', job: 'arcdoctor' };
    const r = promtoolTest([
      {
        interval: '1m',
        input_series: [{ series: 'arcdoctor_up{job="arcdoctor",instance="10.0.0.5:9090"}', values: '0x30' }],
        alert_rule_test: [
          { eval_time: '14m', alertname: 'ArcdoctorApiUnreachable', exp_alerts: [] },
          { eval_time: '16m', alertname: 'ArcdoctorApiUnreachable', exp_alerts: [expected('ArcdoctorApiUnreachable', instance)] },
        ],
      },
    ]);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });
});
