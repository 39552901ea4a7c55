// CONTRACT.md's JSON report (docs/contract.md, docs/report.schema.json): exactly one document; fields may be
// added, none removed. `remediation` is always present, null where a result has none; `causes` is always present.
import type { MultiReport, Report } from '../engine/report-model.js';

export function formatJson(report: Report | MultiReport): string {
  const doc = 'targets' in report ? { ...report, targets: report.targets.map(normalized) } : normalized(report);
  return JSON.stringify(doc, null, 2) + '\n';
}

function normalized(report: Report): Report {
  return {
    ...report,
    results: report.results.map((r) => ({ ...r, remediation: r.remediation ?? null })),
    causes: report.causes ?? [],
  } as Report;
}
