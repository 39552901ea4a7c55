// One line per run on stderr: text for people, JSON lines (--log-format json) for log pipelines.
import type { RunRecord } from './state.js';

export type LogFormat = 'text' | 'json';

export function runLogLine(run: RunRecord, format: LogFormat): string {
  const failures = Object.fromEntries(run.readFailures);
  const summary = run.report?.summary;
  if (format === 'json') {
    return JSON.stringify({
      time: new Date(run.startedAt.getTime() + run.durationMs).toISOString(),
      level: run.reachedApi ? (run.readFailures.size > 0 ? 'warn' : 'info') : 'error',
      msg: run.reachedApi ? 'run' : 'run: API server not reached',
      run: run.number,
      durationMs: run.durationMs,
      up: run.reachedApi,
      ...(summary ? { summary, exitCode: run.report!.exitCode } : {}),
      ...(run.readFailures.size > 0 ? { readFailures: failures } : {}),
      ...(run.error ? { error: run.error } : {}),
    }) + '\n';
  }
  const when = new Date(run.startedAt.getTime() + run.durationMs).toISOString();
  const took = `${(run.durationMs / 1000).toFixed(2)} s`;
  if (!run.reachedApi) return `${when} run ${run.number}: API server not reached, keeping the last results (${run.error ?? 'unknown reason'}) [${took}]\n`;
  const counts = summary ? `${summary.fail} fail, ${summary.warn} warn, ${summary.error} error, ${summary.pass} pass, ${summary.skip} skip` : 'no report';
  const reads = run.readFailures.size > 0 ? `; failed reads: ${[...run.readFailures.keys()].join(', ')}` : '';
  return `${when} run ${run.number}: ${counts}${reads} [${took}]\n`;
}

export function messageLine(message: string, format: LogFormat, level: 'info' | 'error' = 'info'): string {
  if (format === 'json') return JSON.stringify({ time: new Date().toISOString(), level, msg: message }) + '\n';
  return `arcdoctor exporter: ${message}\n`;
}
