// Markdown to paste into a ticket or a PR comment: a summary table of the selected checks, then one section per
// problem with its evidence and the commands in code blocks.
import type { Evidence } from '../checks/define.js';
import type { CheckResult, MultiReport, Report } from '../engine/report-model.js';
import { AREA_TITLES } from './text.js';

const ICON = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', skip: '➖ skip', error: '❓ error' } as const;

export function formatMarkdown(doc: Report | MultiReport): string {
  if (!('targets' in doc)) return report(doc, '#');
  const rows = doc.targets.map((t) => `| ${cell(t.target.name)} | ${t.summary.fail} | ${t.summary.warn} | ${t.summary.error} | ${t.summary.pass} | ${t.exitCode} |`);
  return ['# arcdoctor report', '', '| target | fail | warn | error | pass | exit |', '|---|---|---|---|---|---|', ...rows, '', ...doc.targets.map((t) => report(t, '##'))].join('\n');
}

function report(rep: Report, h: string): string {
  const shown = rep.results.filter((r) => r.selected);
  const s = rep.summary;
  const out = [
    `${h} arcdoctor report — ${cell(rep.target.kind)} \`${code(rep.target.name)}\``,
    '',
    `arcdoctor ${rep.tool.version} · started ${rep.startedAt} · ${rep.durationMs} ms · **${s.fail} failed, ${s.warn} warnings, ${s.error} errors, ${s.pass} passed**${s.suppressed ? `, ${s.suppressed} suppressed` : ''} · exit code ${rep.exitCode}`,
    '',
  ];
  for (const w of rep.warnings) out.push(`> **warning:** ${inline(w)}`, '');
  out.push('| status | check | area | result |', '|---|---|---|---|');
  for (const r of shown) out.push(`| ${ICON[r.status]}${r.suppressed ? ' (suppressed)' : ''} | **${r.id}** ${cell(r.title)} | ${AREA_TITLES[r.area]} | ${cell(r.message)} |`);
  out.push('');
  const problems = (['fail', 'warn', 'error'] as const).flatMap((st) => shown.filter((r) => r.status === st && !r.suppressed));
  if (problems.length) {
    out.push(`${h}# Problems`, '');
    for (const r of problems) out.push(...problem(r, h + '##'));
  }
  return out.join('\n') + '\n';
}

function problem(r: CheckResult, h: string): string[] {
  const out = [`${h} ${ICON[r.status]} ${r.id} — ${inline(r.title)}`, '', inline(r.message), ''];
  const findings = r.findings ?? [];
  if (findings.length > 1) {
    for (const f of findings) out.push(`- ${ICON[f.status]} ${inline(f.message)}`);
    out.push('');
  }
  if (r.evidence.length) {
    out.push('**Evidence**', '');
    for (const e of r.evidence) out.push(...evidence(e));
    out.push('');
  }
  if (r.remediation) {
    out.push(`**Fix:** ${inline(r.remediation.text)}`, '');
    if (r.remediation.commands.length) out.push(...fence(r.remediation.commands.join('\n'), 'sh'), '');
  }
  out.push(`Docs: \`${r.docs}\` (\`arcdoctor checks explain ${r.id}\`)`, '');
  return out;
}

function evidence(e: Evidence): string[] {
  const head = `- \`${code(e.ref)}\`${e.path ? ` ${'`'}${code(e.path)}${'`'}` : ''}`;
  const observed = e.observed === undefined ? undefined : show(e.observed);
  const expected = e.expected === undefined ? undefined : show(e.expected);
  if (observed?.includes('\n')) {
    return [`${head}${expected ? ` — expected ${inline(expected)}` : ''}, observed:`, '', ...fence(observed, 'text').map((l) => '  ' + l), ''];
  }
  const parts = [observed !== undefined && `observed ${inline(observed)}`, expected !== undefined && `expected ${inline(expected)}`].filter(Boolean);
  return [`${head}${parts.length ? ': ' + parts.join(', ') : ''}`];
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A fence longer than any backtick run inside, so hostile text cannot close it. */
function fence(text: string, lang: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return [f + lang, ...text.split('\n'), f];
}

/** Text in a paragraph: markup characters escaped, one line. */
function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_{}[\]<>#|!])/g, '\\$1');
}

function cell(text: string): string {
  return inline(text);
}

/** Text inside a code span: backticks cannot be escaped there, so they become a look-alike. */
function code(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/`/g, 'ˋ');
}
