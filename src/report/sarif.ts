// SARIF 2.1.0 for code-scanning dashboards: one run per target, one rule per check ID, one result per
// fail (level error), warn (warning) and error (note: the check could not decide). Kubernetes objects are not
// files, so locations are logical locations named after the evidence refs. Suppressed results carry SARIF's own
// `suppressions` marker instead of being dropped.
import type { CheckResult, MultiReport, Report } from '../engine/report-model.js';

const LEVEL = { fail: 'error', warn: 'warning', error: 'note' } as const;

export function formatSarif(doc: Report | MultiReport): string {
  const reports = 'targets' in doc ? doc.targets : [doc];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: reports.map(run),
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function run(report: Report) {
  const checks = report.results;
  const ruleIndex = new Map(checks.map((r, i) => [r.id, i]));
  return {
    tool: {
      driver: {
        name: 'arcdoctor',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        rules: checks.map(rule),
      },
    },
    automationDetails: { id: `arcdoctor/${report.target.kind}/${report.target.name}` },
    invocations: [
      {
        executionSuccessful: true,
        exitCode: report.exitCode,
        startTimeUtc: report.startedAt,
        endTimeUtc: new Date(Date.parse(report.startedAt) + report.durationMs).toISOString(),
      },
    ],
    properties: { target: report.target, summary: report.summary },
    results: checks.filter((r) => r.selected && (r.status === 'fail' || r.status === 'warn' || r.status === 'error')).map((r) => result(r, ruleIndex.get(r.id) ?? 0)),
  };
}

function rule(r: CheckResult) {
  return {
    id: r.id,
    name: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.title} (guide: ${r.guide})` },
    helpUri: r.docs,
    help: { text: `See ${r.docs} or run: arcdoctor checks explain ${r.id}` },
    properties: { area: r.area, fixable: r.fixable, tags: ['kubernetes', 'azure-arc', r.area] },
  };
}

function result(r: CheckResult, index: number) {
  const refs = [...new Set(r.evidence.map((e) => e.ref))];
  const text = r.remediation ? `${r.message}\nFix: ${r.remediation.text}${r.remediation.commands.map((c) => `\n$ ${c}`).join('')}` : r.message;
  return {
    ruleId: r.id,
    ruleIndex: index,
    level: LEVEL[r.status as keyof typeof LEVEL],
    kind: 'fail',
    message: { text },
    locations: (refs.length ? refs : [r.id]).map((ref) => ({ logicalLocations: [{ fullyQualifiedName: ref, name: ref.split(' ').pop() ?? ref, kind: 'resource' }] })),
    ...(r.suppressed ? { suppressions: [{ kind: 'external', justification: 'suppressed by arcdoctor configuration (--suppress, .arcdoctor.yaml or annotation)' }] } : {}),
    properties: { status: r.status, evidence: r.evidence, remediation: r.remediation, docs: r.docs },
  };
}
