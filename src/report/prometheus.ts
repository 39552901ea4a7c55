// Prometheus text exposition (node_exporter textfile collector, Pushgateway), `promtool check metrics` clean:
// one gauge per check and status (1 for the current status, 0 for the others, so alerts need no absent()),
// counts per status, root causes, snapshot warnings, run duration, exit code and `arcdoctor_up` (0 for a target
// that could not be read, so a textfile collector never keeps stale values as if they were current).
// Only the selected checks are exported. The in-cluster exporter serves the same families.
import type { Status } from '../checks/define.js';
import type { MultiReport, Report } from '../engine/report-model.js';

const STATUSES: Status[] = ['pass', 'warn', 'fail', 'skip', 'error'];

export interface PrometheusOptions {
  /** Targets that could not be read at all (exit 3): exported as `arcdoctor_up 0` and nothing else. */
  unreachable?: string[];
}

interface Family {
  name: string;
  help: string;
  samples: (rep: Report) => string[];
}

const FAMILIES: Family[] = [
  {
    name: 'arcdoctor_check_status',
    help: 'Result of each arcdoctor check: 1 for its current status, 0 for the others.',
    samples: (rep) => selected(rep).flatMap((r) => STATUSES.map((s) => sample('arcdoctor_check_status', { id: r.id, area: r.area, target: rep.target.name, status: s }, r.status === s ? 1 : 0))),
  },
  {
    name: 'arcdoctor_check_suppressed',
    help: 'Whether the check result is suppressed (1) and so never decides the exit code.',
    samples: (rep) => selected(rep).map((r) => sample('arcdoctor_check_suppressed', { id: r.id, area: r.area, target: rep.target.name }, r.suppressed ? 1 : 0)),
  },
  {
    name: 'arcdoctor_check_root_cause',
    help: 'Whether the check is a root cause (1) or a consequence of another problem (0); problems only.',
    samples: (rep) => (rep.causes ?? []).flatMap((c) => [
      sample('arcdoctor_check_root_cause', { id: c.root, target: rep.target.name }, 1),
      ...c.consequences.map((id) => sample('arcdoctor_check_root_cause', { id, target: rep.target.name }, 0)),
    ]),
  },
  {
    name: 'arcdoctor_checks',
    help: 'Number of selected checks per status in the last run.',
    samples: (rep) => STATUSES.map((s) => sample('arcdoctor_checks', { target: rep.target.name, status: s }, selected(rep).filter((r) => r.status === s).length)),
  },
  {
    name: 'arcdoctor_root_causes',
    help: 'Number of root causes among the problems of the last run.',
    samples: (rep) => [sample('arcdoctor_root_causes', { target: rep.target.name }, (rep.causes ?? []).length)],
  },
  {
    name: 'arcdoctor_snapshot_warnings',
    help: 'Number of warnings about the input (duplicate objects, ignored files).',
    samples: (rep) => [sample('arcdoctor_snapshot_warnings', { target: rep.target.name }, rep.warnings.length)],
  },
  {
    name: 'arcdoctor_run_duration_seconds',
    help: 'How long the checks took.',
    samples: (rep) => [sample('arcdoctor_run_duration_seconds', { target: rep.target.name }, rep.durationMs / 1000)],
  },
  {
    name: 'arcdoctor_exit_code',
    help: 'The exit code arcdoctor gives for this target (0 ok, 1 failing, 4 incomplete).',
    samples: (rep) => [sample('arcdoctor_exit_code', { target: rep.target.name }, rep.exitCode)],
  },
  {
    name: 'arcdoctor_run_timestamp_seconds',
    help: 'When the run started, as a Unix time.',
    samples: (rep) => [sample('arcdoctor_run_timestamp_seconds', { target: rep.target.name }, Math.floor(Date.parse(rep.startedAt) / 1000) || 0)],
  },
];

export function formatPrometheus(doc: Report | MultiReport, opts: PrometheusOptions = {}): string {
  const reports = 'targets' in doc ? doc.targets : [doc];
  return formatFamilies(reports, opts.unreachable ?? []);
}

/** Only `arcdoctor_up 0` for targets that could not be read: written even when the run ends with exit 3. */
export function formatUnreachablePrometheus(targets: string[]): string {
  return formatFamilies([], targets);
}

function formatFamilies(reports: Report[], unreachable: string[]): string {
  const out: string[] = [...header('arcdoctor_up', 'Whether arcdoctor could read the target (1) or not (0); when 0, no other family is current.')];
  for (const rep of reports) out.push(sample('arcdoctor_up', { target: rep.target.name }, 1));
  for (const t of unreachable) out.push(sample('arcdoctor_up', { target: t }, 0));
  for (const f of FAMILIES) out.push(...header(f.name, f.help), ...reports.flatMap(f.samples));
  return out.join('\n') + '\n';
}

function selected(rep: Report) {
  return rep.results.filter((x) => x.selected);
}

function header(name: string, help: string): string[] {
  return [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`];
}

function sample(name: string, values: Record<string, string>, value: number): string {
  return `${name}{${Object.entries(values).map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}} ${value}`;
}

/** The exposition format's label-value escapes: backslash, double quote and line feed. */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
