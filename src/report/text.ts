// The report a person reads in an incident: "N root causes" first, each root expanded with evidence and commands
// to paste and the problems it explains folded under it (one line each), then every check grouped by area (one
// line each, like `linkerd check`), then one summary line. --short folds the roots to one line too; --short
// --quiet still names each problem.
import type { Area, Evidence } from '../checks/define.js';
import type { CheckResult, MultiReport, Report } from '../engine/report-model.js';
import { causeGroups, rootCauseHeadline, type CauseGroup } from './causes-view.js';
import { MARKS, paint, type Style } from './style.js';

export const AREA_TITLES: Record<Area, string> = {
  k8s: 'Kubernetes API',
  azure: 'Azure resources',
  flux: 'GitOps (Flux)',
  ama: 'Azure Monitor Container Insights',
  osm: 'Open Service Mesh',
};

export interface TextOptions {
  style: Style;
  short: boolean;
  quiet: boolean;
}

export function formatText(report: Report, opts: TextOptions): string {
  const s = opts.style;
  const out: string[] = [];
  const shown = report.results.filter((r) => r.selected);
  out.push(paint(s, 'bold', `arcdoctor ${report.tool.version} · ${report.target.kind} ${report.target.name}`));
  for (const w of report.warnings) out.push(paint(s, 'yellow', `warning: ${w}`));
  out.push('');

  const groups = causeGroups(report);
  if (groups.length > 0) {
    out.push(paint(s, 'bold', rootCauseHeadline(groups)), '');
    for (const g of groups) out.push(...causeLines(g, opts), '');
  }
  if (!opts.quiet) {
    for (const area of Object.keys(AREA_TITLES) as Area[]) {
      const inArea = shown.filter((r) => r.area === area);
      if (inArea.length === 0) continue;
      out.push(paint(s, 'bold', AREA_TITLES[area]), paint(s, 'gray', '─'.repeat(AREA_TITLES[area].length)));
      out.push(...groupSkips(inArea).map((g) => (g.length > 1 ? skippedGroup(g, s) : oneLine(g[0], s))), '');
    }
  }
  out.push(summaryLine(report, s));
  return out.join('\n') + '\n';
}

/** A root, expanded (or one line with --short), and the problems it explains folded under it, one line each. */
function causeLines(g: CauseGroup, opts: TextOptions): string[] {
  const s = opts.style;
  const lines = opts.short ? [oneLine(g.root, s)] : expanded(g.root, s);
  if (g.consequences.length === 0) return lines;
  lines.push(paint(s, 'gray', `    explains ${g.consequences.map((c) => c.id).join(', ')}: ${g.why}`));
  for (const c of g.consequences) lines.push(`    ↳ ${oneLine(c, s)}`);
  return lines;
}

/** Consecutive checks skipped for the same reason share one line: an absent component is said once. */
function groupSkips(results: CheckResult[]): CheckResult[][] {
  const groups: CheckResult[][] = [];
  for (const r of results) {
    const last = groups[groups.length - 1];
    if (last && r.status === 'skip' && last[0].status === 'skip' && !r.suppressed && !last[0].suppressed && last[0].message === r.message) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

function skippedGroup(group: CheckResult[], s: Style): string {
  const ids = `${group[0].id}–${group[group.length - 1].id}`;
  return `${mark(group[0], s)} ${paint(s, 'bold', ids)} ${group.length} checks skipped${paint(s, 'gray', ` — ${group[0].message}`)}`;
}

function mark(r: CheckResult, s: Style): string {
  const m = MARKS[r.status];
  return paint(s, m.color, m.mark);
}

function oneLine(r: CheckResult, s: Style): string {
  const suffix = r.suppressed ? paint(s, 'gray', ' (suppressed)') : '';
  const detail = r.status === 'pass' || r.status === 'skip' ? paint(s, 'gray', ` — ${r.message}`) : ` — ${r.message}`;
  const notes = r.status === 'pass' && r.notes?.length ? '\n' + r.notes.map((n) => paint(s, 'gray', `      · ${n}`)).join('\n') : '';
  return `${mark(r, s)} ${paint(s, 'bold', r.id)} ${r.title}${detail}${suffix}${notes}`;
}

function expanded(r: CheckResult, s: Style): string[] {
  const m = MARKS[r.status];
  const lines = [`${paint(s, m.color, `${m.mark} ${m.word.toUpperCase()}`)} ${paint(s, 'bold', r.id)} ${r.title}`, `    ${r.message}`];
  const findings = r.findings ?? [];
  if (findings.length > 1) for (const f of findings) lines.push(`    ${paint(s, MARKS[f.status].color, MARKS[f.status].mark)} ${f.message}`);
  if (r.evidence.length > 0) {
    lines.push(paint(s, 'gray', '    evidence:'));
    for (const e of r.evidence.slice(0, 20)) lines.push(...evidenceLines(e, s));
    if (r.evidence.length > 20) lines.push(paint(s, 'gray', `      … ${r.evidence.length - 20} more (see --output json)`));
  }
  if (r.remediation) {
    lines.push(paint(s, 'gray', '    fix:') + ' ' + r.remediation.text);
    for (const c of r.remediation.commands) lines.push('      ' + paint(s, 'cyan', `$ ${c}`));
  }
  if (r.fixable && r.fixes?.length) lines.push(paint(s, 'gray', r.fixes.every((f) => f.kind === 'arm') ? `    arcdoctor fix --azure --check ${r.id} can apply this (the exact ARM request is shown first)` : `    arcdoctor fix --check ${r.id} can apply this (server-side dry-run first)`));
  lines.push(paint(s, 'gray', `    docs: arcdoctor checks explain ${r.id}`));
  return lines;
}

function evidenceLines(e: Evidence, s: Style): string[] {
  const head = `      ${e.ref}${e.path ? paint(s, 'gray', ` ${e.path}`) : ''}`;
  const parts: string[] = [];
  if (e.observed !== undefined) parts.push(`observed ${show(e.observed)}`);
  if (e.expected !== undefined) parts.push(`expected ${show(e.expected)}`);
  if (parts.length === 0) return [head];
  const joined = parts.join(', ');
  if (joined.includes('\n') || head.length + joined.length > 140) {
    return [head + ':', ...parts.flatMap((p) => p.split('\n').map((l) => '        ' + l))];
  }
  return [`${head}: ${joined}`];
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function summaryLine(report: Report, s: Style): string {
  const sum = report.summary;
  const parts = [
    paint(s, sum.fail ? 'red' : 'gray', `${sum.fail} failed`),
    paint(s, sum.warn ? 'yellow' : 'gray', `${sum.warn} warnings`),
    paint(s, sum.error ? 'magenta' : 'gray', `${sum.error} errors`),
    `${sum.pass} passed`,
    `${report.results.filter((r) => r.selected && r.status === 'skip').length} skipped`,
  ];
  if (sum.suppressed) parts.push(`${sum.suppressed} suppressed`);
  return `${parts.join(', ')} (${report.durationMs} ms)`;
}

/** Fleets: one row per cluster, then each cluster's report. */
export function formatMultiText(multi: MultiReport, opts: TextOptions): string {
  const s = opts.style;
  const width = Math.max(7, ...multi.targets.map((t) => t.target.name.length));
  const rows = [paint(s, 'bold', `${'TARGET'.padEnd(width)}  FAIL  WARN  ERROR  PASS  SKIP  EXIT`)];
  for (const t of multi.targets) {
    const x = t.summary;
    rows.push(`${t.target.name.padEnd(width)}  ${String(x.fail).padStart(4)}  ${String(x.warn).padStart(4)}  ${String(x.error).padStart(5)}  ${String(x.pass).padStart(4)}  ${String(x.skip).padStart(4)}  ${String(t.exitCode).padStart(4)}`);
  }
  return rows.join('\n') + '\n\n' + multi.targets.map((t) => formatText(t, { ...opts, quiet: true })).join('\n');
}
