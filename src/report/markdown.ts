// GitHub-flavoured Markdown to paste into a ticket or a PR comment: "N root causes" first, each root expanded with
// its evidence and the commands in code blocks and the problems it explains folded under it (<details>), then a
// summary table of the selected checks. The whole stays under GitHub's 65,536-character comment limit: whole
// blocks are dropped from the end, with a note saying what was left out. Text from the cluster (an Event's URL,
// say) is escaped and never autolinked. --quiet leaves out the table, --short the evidence.
import type { Evidence } from '../checks/define.js';
import type { CheckResult, MultiReport, Report } from '../engine/report-model.js';
import { causeGroups, rootCauseHeadline, type CauseGroup } from './causes-view.js';
import { docsUrl } from './links.js';
import { AREA_TITLES } from './text.js';

/** GitHub's limit for an issue or PR comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  short?: boolean;
  quiet?: boolean;
  /** For tests; GitHub's comment limit by default. */
  limit?: number;
}

const ICON = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', skip: '➖ skip', error: '❓ error' } as const;

export function formatMarkdown(doc: Report | MultiReport, opts: MarkdownOptions = {}): string {
  const blocks: string[] = [];
  if ('targets' in doc) {
    const rows = doc.targets.map((t) => `| ${inline(t.target.name)} | ${(t.causes ?? []).length} | ${t.summary.fail} | ${t.summary.warn} | ${t.summary.error} | ${t.summary.pass} | ${skipped(t)} | ${t.exitCode} |`);
    blocks.push(['# arcdoctor report', '', `${doc.targets.length} targets`, '', '| target | root causes | fail | warn | error | pass | skip | exit |', '|---|---|---|---|---|---|---|---|', ...rows, ''].join('\n'));
    for (const t of doc.targets) blocks.push(...reportBlocks(t, '##', opts));
  } else {
    blocks.push(...reportBlocks(doc, '#', opts));
  }
  return fit(blocks, opts.limit ?? GITHUB_COMMENT_LIMIT);
}

/** Whole blocks until the limit, then a note: a cut inside a fence or a table would break the rest of the comment. */
function fit(blocks: string[], limit: number): string {
  const full = blocks.join('\n');
  if (full.length <= limit) return full;
  const note = (left: number) => `\n> **Truncated:** ${left} more section(s) left out to stay under ${limit} characters; the full report is in \`--output json\` or \`--output html\`.\n`;
  let out = '';
  let i = 0;
  while (i < blocks.length && out.length + blocks[i].length + 1 + note(blocks.length - i).length <= limit) out += blocks[i++] + '\n';
  return out + note(blocks.length - i);
}

function reportBlocks(rep: Report, h: string, opts: MarkdownOptions): string[] {
  const s = rep.summary;
  const head = [
    `${h} arcdoctor report — ${inline(rep.target.kind)} \`${code(rep.target.name)}\``,
    '',
    `arcdoctor ${rep.tool.version} · started ${rep.startedAt} · ${rep.durationMs} ms · **${s.fail} failed, ${s.warn} warnings, ${s.error} errors, ${s.pass} passed, ${skipped(rep)} skipped**${s.suppressed ? `, ${s.suppressed} suppressed` : ''} · exit code ${rep.exitCode}`,
    '',
    ...rep.warnings.flatMap((w) => [`> **warning:** ${inline(w)}`, '']),
  ];
  const groups = causeGroups(rep);
  if (groups.length) head.push(`${h}# ${rootCauseHeadline(groups)}`, '');
  const blocks = [head.join('\n'), ...groups.map((g) => cause(g, h + '##', opts).join('\n'))];
  if (!opts.quiet) blocks.push(table(rep, h + '#').join('\n'));
  return blocks;
}

function skipped(rep: Report): number {
  return rep.results.filter((r) => r.selected && r.status === 'skip').length;
}

function table(rep: Report, h: string): string[] {
  const out = [`${h} All checks`, '', '| status | check | area | result |', '|---|---|---|---|'];
  for (const r of rep.results.filter((x) => x.selected)) {
    out.push(`| ${ICON[r.status]}${r.suppressed ? ' (suppressed)' : ''} | **${r.id}** ${inline(r.title)} | ${AREA_TITLES[r.area]} | ${inline(r.message)} |`);
  }
  out.push('');
  return out;
}

function cause(g: CauseGroup, h: string, opts: MarkdownOptions): string[] {
  const out = problem(g.root, h, opts);
  if (g.consequences.length) {
    out.push('<details>', `<summary>Explains ${g.consequences.map((c) => c.id).join(', ')}</summary>`, '', inline(g.why), '');
    for (const c of g.consequences) out.push(`- ${ICON[c.status]} **${c.id}** ${inline(c.title)} — ${inline(c.message)}`);
    out.push('', '</details>', '');
  }
  return out;
}

function problem(r: CheckResult, h: string, opts: MarkdownOptions): string[] {
  const out = [`${h} ${ICON[r.status]} ${r.id} — ${inline(r.title)}`, '', inline(r.message), ''];
  const findings = r.findings ?? [];
  if (findings.length > 1) {
    for (const f of findings) out.push(`- ${ICON[f.status]} ${inline(f.message)}`);
    out.push('');
  }
  if (r.evidence.length && !opts.short) {
    out.push('**Evidence**', '');
    for (const e of r.evidence) out.push(...evidence(e));
    out.push('');
  }
  if (r.remediation) {
    out.push(`**Fix:** ${inline(r.remediation.text)}`, '');
    if (r.remediation.commands.length) out.push(...fence(r.remediation.commands.join('\n'), 'sh'), '');
  }
  out.push(`Docs: [${r.id}](${docsUrl(r.docs)}) (\`arcdoctor checks explain ${r.id}\`)`, '');
  return out;
}

function evidence(e: Evidence): string[] {
  const head = `- \`${code(e.ref)}\`${e.path ? ` \`${code(e.path)}\`` : ''}`;
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

/** What GitHub would autolink: URLs, www. hosts and e-mail addresses. They become code spans instead. */
const AUTOLINK = /(?:https?|ftp):\/\/[^\s<>`|]+|www\.[^\s<>`|]+|[\w.+-]+@[\w-]+\.[\w.-]+/g;

/** Text in a paragraph or a table cell: markup characters escaped, one line, nothing autolinked. */
function inline(text: string): string {
  const one = text.replace(/\r?\n/g, ' ');
  let out = '';
  let last = 0;
  for (const m of one.matchAll(AUTOLINK)) {
    out += escape(one.slice(last, m.index)) + '`' + code(m[0]) + '`';
    last = m.index! + m[0].length;
  }
  return out + escape(one.slice(last));
}

function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|!~])/g, '\\$1');
}

/** Text inside a code span: backticks cannot be escaped there, so they become a look-alike; `|` would end a table cell. */
function code(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/`/g, 'ˋ').replace(/\|/g, '\\|');
}
