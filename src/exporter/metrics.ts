// GET /metrics: the families of `check --output prometheus` for the last report that reached the API
// (src/report/prometheus.ts, reused as is), plus the exporter's own: whether the last run reached the API, when it
// ran, how long it took, which reads failed, the build, and the process's memory (flat over runs: docs/performance.md).
import { formatPrometheus, labelValue } from '../report/prometheus.js';
import type { ExporterState } from './state.js';

/** Families the exporter defines itself; the same names coming from the report formatter are dropped, not doubled. */
const OWN_FAMILIES = new Set([
  'arcdoctor_up',
  'arcdoctor_last_run_timestamp_seconds',
  'arcdoctor_last_success_timestamp_seconds',
  'arcdoctor_run_duration_seconds',
  'arcdoctor_runs_total',
  'arcdoctor_unreachable_runs_total',
  'arcdoctor_read_failures',
  'arcdoctor_build_info',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'nodejs_heap_used_bytes',
]);

/** 0.1's gauge with a counter's suffix, which promtool rejects (renamed `arcdoctor_checks` by #15): never re-served. */
const REJECTED_FAMILIES = new Set(['arcdoctor_checks_total']);

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function exporterMetrics(state: ExporterState, version: string): string {
  const out: string[] = [];
  if (state.lastReport) out.push(...reportFamilies(formatPrometheus(state.lastReport)));
  const run = state.lastRun;
  gauge(out, 'arcdoctor_up', 'Whether the last run reached the Kubernetes API server (1) or not (0; the check results are those of the last run that did).', [['', run?.reachedApi ? 1 : 0]]);
  gauge(out, 'arcdoctor_last_run_timestamp_seconds', 'When the last run ended, as a Unix time (0 before the first run).', [['', run ? seconds(run.startedAt.getTime() + run.durationMs) : 0]]);
  const success = state.lastReport;
  gauge(out, 'arcdoctor_last_success_timestamp_seconds', 'When the last run that reached the API started, as a Unix time (0 if none did yet).', [['', success ? seconds(Date.parse(success.startedAt)) : 0]]);
  gauge(out, 'arcdoctor_run_duration_seconds', 'How long the last run took: reading the cluster and running the checks.', [['', run ? run.durationMs / 1000 : 0]]);
  counter(out, 'arcdoctor_runs_total', 'Runs since the exporter started.', state.runs);
  counter(out, 'arcdoctor_unreachable_runs_total', 'Runs that could not reach the Kubernetes API server.', state.unreachableRuns);
  const failures = [...(run?.readFailures ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b));
  gauge(out, 'arcdoctor_read_failures', 'Reads of the last run that failed, by resource (403, 5xx, timeout; "/version" when the API server was not reached). The checks needing them end in error.',
    failures.map(([resource, n]) => [`{resource="${labelValue(resource)}"}`, n]));
  gauge(out, 'arcdoctor_build_info', 'The arcdoctor version exporting these metrics.', [[`{version="${labelValue(version)}"}`, 1]]);
  const mem = process.memoryUsage();
  gauge(out, 'process_resident_memory_bytes', 'Resident memory of the exporter process.', [['', mem.rss]]);
  gauge(out, 'process_start_time_seconds', 'When the exporter started, as a Unix time.', [['', seconds(state.startedAt.getTime())]]);
  gauge(out, 'nodejs_heap_used_bytes', 'V8 heap in use after the last run.', [['', mem.heapUsed]]);
  return out.join('\n') + '\n';
}

/** The report formatter's families, minus those this module defines (they would be duplicate families). */
export function reportFamilies(text: string): string[] {
  const kept: string[] = [];
  let keep = true;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const header = /^# (?:HELP|TYPE) (\S+)/.exec(line);
    if (header) keep = !OWN_FAMILIES.has(header[1]) && !REJECTED_FAMILIES.has(header[1]);
    if (keep) kept.push(line);
  }
  return kept;
}

function gauge(out: string[], name: string, help: string, samples: Array<[string, number]>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map(([labels, v]) => `${name}${labels} ${v}`));
}

function counter(out: string[], name: string, help: string, value: number): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
}

function seconds(ms: number): number {
  return ms / 1000;
}
