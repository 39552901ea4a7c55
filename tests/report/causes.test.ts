// Root causes on every bundled example, as data (src/checks/causes.ts), in the JSON report and in each reader's format.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSE_LINKS } from '../../src/checks/causes.js';
import { CHECKS } from '../../src/checks/registry.js';
import { findCauses } from '../../src/engine/causes.js';
import type { CheckResult } from '../../src/engine/report-model.js';
import { formatHtml } from '../../src/report/html.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatText } from '../../src/report/text.js';
import { runAll } from '../helpers/check-harness.js';

/** [root, ...consequences] per example, roots in catalog order. */
const EXPECTED: Record<string, string[][]> = {
  'ama-charmed-privileged': [['AMA001', 'AMA003']],
  'ama-healthy': [],
  'ama-oracle-linux-9': [['AMA002', 'AMA003']],
  'azure-flux-extension-failed': [['AZ003']],
  'azure-flux-v1-config': [['AZ005']],
  'flux-container-limits-policy': [['FLUX006', 'FLUX003']],
  'flux-dry-run-webhook': [['FLUX002']],
  'flux-healthy': [],
  'flux-v1-leftover': [['FLUX007']],
  'healthy-all-extensions': [],
  'osm-controller-crashloop': [['OSM002', 'OSM001', 'OSM004']],
  'osm-half-joined-namespace': [['OSM013'], ['OSM014']],
  'osm-healthy': [],
  'osm-injector-down': [['OSM006', 'OSM005', 'OSM008']],
  'osm-sidecar-in-control-plane': [['OSM013', 'OSM002', 'OSM001', 'OSM004']],
  'osm-smi-crd-missing': [['OSM015']],
  'osm-webhook-ca-missing': [['OSM011']],
};
const text = { style: { color: false }, short: false, quiet: false };

describe('root causes on every example', () => {
  const examples = readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

  it('every example has an expectation here', () => {
    expect(examples.filter((e) => !(e in EXPECTED))).toEqual([]);
  });

  it.each(examples)('%s', (name) => {
    const report = runAll(`examples/${name}`);
    expect(report.causes!.map((c) => [c.root, ...c.consequences])).toEqual(EXPECTED[name]);
    // Every problem exactly once.
    const problems = report.results.filter((r) => ['fail', 'warn', 'error'].includes(r.status)).map((r) => r.id).sort();
    expect(report.causes!.flatMap((c) => [c.root, ...c.consequences]).sort()).toEqual(problems);
  });
});

describe('the declared links', () => {
  it('name catalog IDs and never lead back to their cause', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    for (const l of CAUSE_LINKS) for (const id of [l.cause, ...l.consequences]) expect(ids.has(id), id).toBe(true);
    const next = (id: string) => CAUSE_LINKS.filter((l) => l.cause === id).flatMap((l) => l.consequences);
    for (const l of CAUSE_LINKS) {
      const seen = new Set<string>();
      const queue = [...l.consequences];
      while (queue.length) {
        const id = queue.shift()!;
        expect(id, `cycle through ${l.cause}`).not.toBe(l.cause);
        if (!seen.has(id)) queue.push(...next((seen.add(id), id)));
      }
    }
  });

  const result = (id: string, status: CheckResult['status'], refs: string[]): CheckResult => ({
    id, area: 'osm', title: id, status, message: id, evidence: refs.map((ref) => ({ ref })), fixable: false, suppressed: false, docs: '', guide: '', selected: true,
  });

  it('a same-namespace link needs the namespace: OSM013 about bookthief does not explain the controller', () => {
    const controller = result('OSM002', 'fail', ['v1/Pod arc-osm-system/osm-controller-x']);
    expect(findCauses([result('OSM013', 'warn', ['v1/Namespace bookthief']), controller]).map((c) => c.root)).toEqual(['OSM013', 'OSM002']);
    expect(findCauses([result('OSM013', 'fail', ['v1/Namespace arc-osm-system']), controller]).map((c) => [c.root, ...c.consequences])).toEqual([['OSM013', 'OSM002']]);
  });

  it('a shared-object link needs a shared object; an error explains nothing', () => {
    const agents = result('AMA003', 'fail', ['apps/v1/DaemonSet kube-system/ama-logs', 'v1/Event kube-system/e1']);
    expect(findCauses([result('AMA001', 'fail', ['v1/Node n1']), agents])).toHaveLength(2);
    expect(findCauses([result('AMA001', 'fail', ['apps/v1/DaemonSet kube-system/ama-logs']), agents])).toHaveLength(1);
    expect(findCauses([result('OSM006', 'error', []), result('OSM005', 'fail', [])]).map((c) => c.root)).toEqual(['OSM006', 'OSM005']);
  });

  it('a suppressed or unselected problem is neither a root nor a consequence', () => {
    const causes = findCauses([{ ...result('OSM006', 'fail', []), suppressed: true }, result('OSM005', 'fail', []), { ...result('OSM008', 'fail', []), selected: false }]);
    expect(causes).toEqual([{ root: 'OSM005', consequences: [], why: '' }]);
  });
});

describe('the sidecar-in-control-plane and injector-down examples show one root each, the others folded', () => {
  for (const [name, root, folded] of [
    ['osm-sidecar-in-control-plane', 'OSM013', ['OSM002', 'OSM001', 'OSM004']],
    ['osm-injector-down', 'OSM006', ['OSM005', 'OSM008']],
  ] as const) {
    const report = runAll(`examples/${name}`);
    const n = folded.length + 1;

    it(`${name}: text`, () => {
      const out = formatText(report, text);
      expect(out).toContain(`\n1 root cause (${n} problems; the others follow from them)\n\n× FAIL ${root} `);
      expect(out.match(/^× FAIL /gm)).toHaveLength(1);
      expect(out).toContain(`    explains ${folded.join(', ')}: `);
      for (const id of folded) expect(out).toMatch(new RegExp(`^    ↳ × ${id} `, 'm'));
    });

    it(`${name}: --short --quiet still names each problem`, () => {
      const out = formatText(report, { ...text, short: true, quiet: true });
      expect(out).toMatch(new RegExp(`^× ${root} `, 'm'));
      for (const id of folded) expect(out).toMatch(new RegExp(`^    ↳ × ${id} `, 'm'));
      expect(out).not.toContain('Open Service Mesh');
    });

    it(`${name}: markdown and html`, () => {
      const md = formatMarkdown(report);
      expect(md).toContain(`## 1 root cause (${n} problems; the others follow from them)`);
      expect(md.match(/^### /gm)).toHaveLength(1);
      expect(md).toContain(`<summary>Explains ${folded.join(', ')}</summary>`);
      const html = formatHtml(report);
      expect(html.match(/<div class="problem"/g)).toHaveLength(1);
      expect(html).toContain(`<summary>Explains ${folded.join(', ')}</summary>`);
    });
  }
});
