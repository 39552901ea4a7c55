// Prometheus text exposition (node_exporter textfile collector, Pushgateway): one gauge per check and status
// (1 for the current status, 0 for the others, so alerts need no absent()), counts per status, run duration
// and exit code. Only the selected checks are exported.
import type { Status } from '../checks/define.js';
import type { MultiReport, Report } from '../engine/report-model.js';

const STATUSES: Status[] = ['pass', 'warn', 'fail', 'skip', 'error'];

export function formatPrometheus(doc: Report | MultiReport): string {
  const reports = 'targets' in doc ? doc.targets : [doc];
  const out: string[] = [];
  family(out, 'arcdoctor_check_status', 'Result of each arcdoctor check: 1 for its current status, 0 for the others.');
  for (const rep of reports) {
    for (const r of rep.results.filter((x) => x.selected)) {
      for (const s of STATUSES) out.push(`arcdoctor_check_status${labels({ id: r.id, area: r.area, target: rep.target.name, status: s })} ${r.status === s ? 1 : 0}`);
    }
  }
  family(out, 'arcdoctor_check_suppressed', 'Whether the check result is suppressed (1) and so never decides the exit code.');
  for (const rep of reports) for (const r of rep.results.filter((x) => x.selected)) out.push(`arcdoctor_check_suppressed${labels({ id: r.id, area: r.area, target: rep.target.name })} ${r.suppressed ? 1 : 0}`);
  family(out, 'arcdoctor_checks_total', 'Number of selected checks per status in the last run.');
  for (const rep of reports) {
    const selected = rep.results.filter((x) => x.selected);
    for (const s of STATUSES) out.push(`arcdoctor_checks_total${labels({ target: rep.target.name, status: s })} ${selected.filter((r) => r.status === s).length}`);
  }
  family(out, 'arcdoctor_run_duration_seconds', 'How long the checks took.');
  for (const rep of reports) out.push(`arcdoctor_run_duration_seconds${labels({ target: rep.target.name })} ${rep.durationMs / 1000}`);
  family(out, 'arcdoctor_exit_code', 'The exit code arcdoctor gives for this target (0 ok, 1 failing, 4 incomplete).');
  for (const rep of reports) out.push(`arcdoctor_exit_code${labels({ target: rep.target.name })} ${rep.exitCode}`);
  family(out, 'arcdoctor_run_timestamp_seconds', 'When the run started, as a Unix time.');
  for (const rep of reports) out.push(`arcdoctor_run_timestamp_seconds${labels({ target: rep.target.name })} ${Math.floor(Date.parse(rep.startedAt) / 1000) || 0}`);
  return out.join('\n') + '\n';
}

function family(out: string[], name: string, help: string): void {
  out.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`);
}

function labels(values: Record<string, string>): string {
  return `{${Object.entries(values).map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}}`;
}

/** The exposition format's label-value escapes: backslash, double quote and line feed. */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
