// CONTRACT.md's JSON report: exactly one document; fields may be added, none removed.
import type { MultiReport, Report } from '../engine/report-model.js';

export function formatJson(report: Report | MultiReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
