// Fleet-specific rendering: the text report (one line per cluster with problems, healthy clusters counted, a
// per-check tally) and the tally that leads the Markdown and HTML reports. Other formats are the multi-target report.
import type { Report } from '../engine/report-model.js';
import { formatHtml } from '../report/html.js';
import { format } from '../report/index.js';
import { formatJson } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { MARKS, paint, type Style } from '../report/style.js';
import { worstOf, type FleetReport } from './evaluate.js';

/** Whether a report is kept for an output: text, Markdown and HTML list only the clusters with problems. */
export function keptFor(output: string): ((report: Report) => boolean) | undefined {
  if (output === 'json') return () => false;
  if (output === 'text' || output === 'markdown' || output === 'html') return (r) => !['pass', 'skip'].includes(worstOf(r));
  return undefined;
}

/**
 * The JSON report written target by target as the clusters are evaluated, so a 10,000-cluster report is never one
 * string nor held whole: the pieces joined are exactly JSON.stringify(doc, null, 2) + newline.
 */
export function jsonFleetWriter(write: (chunk: string) => void): { target(report: Report): void; close(fleet: FleetReport['fleet']): void } {
  let count = 0;
  write('{\n  "schemaVersion": 1,\n  "targets": [');
  return {
    target(report) {
      write((count++ ? ',\n' : '\n') + indent(JSON.stringify(report, null, 2), '    '));
    },
    close(fleet) {
      write(`${count ? '\n  ' : ''}],\n  "fleet": ${indent(JSON.stringify(fleet, null, 2), '  ').trimStart()}\n}\n`);
    },
  };
}

function indent(text: string, pad: string): string {
  return pad + text.replace(/\n/g, '\n' + pad);
}

export function formatFleet(doc: FleetReport, output: string, opts: { style: Style; quiet?: boolean }): string {
  const problems = { schemaVersion: 1 as const, targets: doc.targets.filter((t) => !['pass', 'skip'].includes(worstOf(t))) };
  switch (output) {
    case 'text':
      return fleetText(doc, opts.style, Boolean(opts.quiet));
    case 'json':
      return formatJson(doc);
    case 'markdown':
      return tallyMarkdown(doc) + '\n' + (problems.targets.length ? formatMarkdown(problems) : '');
    case 'html':
      return formatHtml(problems).replace(/<body>\n/, `<body>\n${tallyHtml(doc)}\n`);
    default:
      return format(doc, output, { style: opts.style, short: false, quiet: Boolean(opts.quiet) });
  }
}

function fleetText(doc: FleetReport, s: Style, quiet: boolean): string {
  const f = doc.fleet;
  const out: string[] = [];
  if (!quiet) out.push(`arcdoctor ${doc.targets[0]?.tool.version ?? ''} · fleet: ${f.clusters} cluster(s) in ${f.subscriptions.length} subscription(s)`.replace('  ', ' '), '');
  for (const t of doc.targets) {
    const worst = worstOf(t);
    if (worst === 'pass' || worst === 'skip') continue;
    const m = MARKS[worst];
    out.push(`${paint(s, m.color, m.mark)} ${t.target.name}  ${problemsOf(t)}`);
  }
  for (const sub of f.subscriptions.filter((x) => !x.readable)) out.push(`${paint(s, 'magenta', '?')} subscription ${sub.id}${sub.name ? ` (${sub.name})` : ''} not readable: ${sub.message}`);
  out.push('', paint(s, 'bold', 'Per check (clusters):'));
  for (const c of f.checks) out.push(`  ${c.id} ${c.title}: ${c.fail} fail, ${c.warn} warn, ${c.error} error`);
  const w = f.byWorstStatus;
  out.push('', `${f.clusters} cluster(s): ${w.pass} healthy, ${w.fail} failing, ${w.warn} with warnings, ${w.error} incomplete${w.skip ? `, ${w.skip} not checked` : ''} · exit code ${f.exitCode}`);
  return out.join('\n') + '\n';
}

/** `AZ003 FAIL: Extension flux … ; AZ004 warn: …` — each unsuppressed problem of one cluster, shortened. */
function problemsOf(t: Report): string {
  const order = { fail: 0, warn: 1, error: 2 } as Record<string, number>;
  return t.results
    .filter((r) => r.selected && !r.suppressed && r.status in order)
    .sort((a, b) => order[a.status] - order[b.status])
    .map((r) => `${r.id} ${MARKS[r.status].word}: ${short(r.message)}`)
    .join('; ');
}

function short(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function tallyMarkdown(doc: FleetReport): string {
  const f = doc.fleet;
  const w = f.byWorstStatus;
  const lines = [
    '# arcdoctor fleet',
    '',
    `**${f.clusters} cluster(s)** in ${f.subscriptions.length} subscription(s): ${w.pass} healthy, ${w.fail} failing, ${w.warn} with warnings, ${w.error} incomplete · exit code ${f.exitCode}`,
    '',
    '| check | title | clusters failing | warning | error |',
    '|---|---|---|---|---|',
    ...f.checks.map((c) => `| **${c.id}** | ${c.title.replace(/\|/g, '\\|')} | ${c.fail} | ${c.warn} | ${c.error} |`),
    '',
  ];
  const unreadable = f.subscriptions.filter((s) => !s.readable);
  for (const s of unreadable) lines.push(`> **subscription ${s.id} not readable:** ${String(s.message).replace(/\n/g, ' ')}`, '');
  return lines.join('\n');
}

function tallyHtml(doc: FleetReport): string {
  const f = doc.fleet;
  const w = f.byWorstStatus;
  const rows = f.checks.map((c) => `<tr><td><b>${esc(c.id)}</b> ${esc(c.title)}</td><td class="fail">${c.fail}</td><td class="warn">${c.warn}</td><td class="error">${c.error}</td></tr>`);
  const unreadable = f.subscriptions.filter((s) => !s.readable).map((s) => `<p class="error">subscription ${esc(s.id)} not readable: ${esc(String(s.message))}</p>`);
  return [
    '<section id="fleet">',
    `<h2>Fleet: ${f.clusters} cluster(s) in ${f.subscriptions.length} subscription(s)</h2>`,
    `<p>${w.pass} healthy, ${w.fail} failing, ${w.warn} with warnings, ${w.error} incomplete · exit code ${f.exitCode}</p>`,
    '<table><tr><th>check</th><th>clusters failing</th><th>warning</th><th>error</th></tr>',
    ...rows,
    '</table>',
    ...unreadable,
    '</section>',
  ].join('\n');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
