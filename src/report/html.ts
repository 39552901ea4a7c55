// One self-contained HTML page to attach to a ticket or publish as a CI artifact: inline style and one inline
// script allowed by hash in a Content-Security-Policy that forbids every network request. "N root causes" first,
// each root expanded with evidence and commands (each with a copy button) and the problems it explains folded
// under it, then every check by area, with filters by area and status. Several targets get a fleet overview.
import { AREAS, type Area, type Evidence } from '../checks/define.js';
import type { CheckResult, MultiReport, Report } from '../engine/report-model.js';
import { causeGroups, rootCauseHeadline, type CauseGroup } from './causes-view.js';
import { CSP, CSS, SCRIPT } from './html-page.js';
import { docsUrl } from './links.js';
import { AREA_TITLES } from './text.js';

const STATUSES = ['fail', 'warn', 'error', 'pass', 'skip'] as const;

export function formatHtml(doc: Report | MultiReport): string {
  const reports = 'targets' in doc ? doc.targets : [doc];
  const title = reports.length === 1 ? `arcdoctor — ${reports[0].target.name}` : `arcdoctor — ${reports.length} targets`;
  const body = [filters(reports), reports.length > 1 ? fleet(reports) : '', ...reports.map(section)].filter(Boolean).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function filters(reports: Report[]): string {
  const present = AREAS.filter((a) => reports.some((r) => r.results.some((x) => x.selected && x.area === a)));
  const areaOptions = present.map((a) => `<option value="${a}">${esc(AREA_TITLES[a])}</option>`).join('');
  const statusOptions = STATUSES.map((s) => `<option value="${s}">${s}</option>`).join('');
  return `<div class="filters"><label>Area <select id="f-area"><option value="">all</option>${areaOptions}</select></label> <label>Status <select id="f-status"><option value="">all</option>${statusOptions}</select></label></div>`;
}

function fleet(reports: Report[]): string {
  const rows = reports.map((r, i) => {
    const s = r.summary;
    return `<tr><td><a href="#target-${i}">${esc(r.target.name)}</a></td><td>${(r.causes ?? []).length}</td><td>${s.fail}</td><td>${s.warn}</td><td>${s.error}</td><td>${s.pass}</td><td>${skipped(r)}</td><td>${r.exitCode}</td></tr>`;
  });
  return `<h2>Fleet overview</h2><div class="scroll"><table id="fleet"><thead><tr><th>target</th><th>root causes</th><th>fail</th><th>warn</th><th>error</th><th>pass</th><th>skip</th><th>exit</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function skipped(rep: Report): number {
  return rep.results.filter((r) => r.selected && r.status === 'skip').length;
}

function section(rep: Report, index: number): string {
  const s = rep.summary;
  const shown = rep.results.filter((r) => r.selected);
  const groups = causeGroups(rep);
  const out = [
    `<section id="target-${index}">`,
    `<h2>${esc(rep.target.kind)} ${esc(rep.target.name)}</h2>`,
    `<p class="muted">arcdoctor ${esc(rep.tool.version)} · started ${esc(rep.startedAt)} · ${rep.durationMs} ms · exit code ${rep.exitCode}</p>`,
    `<p class="summary"><span class="count fail">${s.fail} failed</span> · <span class="count warn">${s.warn} warnings</span> · <span class="count error">${s.error} errors</span> · <span class="count pass">${s.pass} passed</span> · <span class="count skip">${skipped(rep)} skipped</span>${s.suppressed ? ` · ${s.suppressed} suppressed` : ''}</p>`,
    ...rep.warnings.map((w) => `<p class="warning"><span class="badge warn">warning</span> ${esc(w)}</p>`),
  ];
  if (groups.length) out.push(`<h3 class="causes">${esc(rootCauseHeadline(groups))}</h3>`, ...groups.map(cause));
  for (const area of Object.keys(AREA_TITLES) as Area[]) {
    const inArea = shown.filter((r) => r.area === area);
    if (!inArea.length) continue;
    out.push(`<h3>${esc(AREA_TITLES[area])}</h3>`, `<div class="scroll"><table><thead><tr><th>status</th><th>check</th><th>result</th></tr></thead><tbody>`);
    for (const r of inArea) {
      out.push(`<tr data-area="${r.area}" data-status="${r.status}"><td><span class="badge ${r.status}">${r.status}</span>${r.suppressed ? ' (suppressed)' : ''}</td><td><b>${esc(r.id)}</b> ${esc(r.title)}</td><td>${esc(r.message)}${notes(r)}</td></tr>`);
    }
    out.push(`</tbody></table></div>`);
  }
  out.push(`</section>`);
  return out.join('\n');
}

function notes(r: CheckResult): string {
  return r.status === 'pass' && r.notes?.length ? `<br><span class="muted">${r.notes.map(esc).join('<br>')}</span>` : '';
}

function cause(g: CauseGroup): string {
  if (!g.consequences.length) return problem(g.root);
  const items = g.consequences.map((c) => `<li data-area="${c.area}" data-status="${c.status}"><span class="badge ${c.status}">${c.status}</span> <b>${esc(c.id)}</b> ${esc(c.title)} — ${esc(c.message)}</li>`);
  return problem(g.root, `<details class="consequences"><summary>Explains ${esc(g.consequences.map((c) => c.id).join(', '))}</summary><p>${esc(g.why)}</p><ul>${items.join('')}</ul></details>`);
}

function problem(r: CheckResult, folded = ''): string {
  const out = [
    `<div class="problem" id="${esc(r.id)}" data-area="${r.area}" data-status="${r.status}">`,
    `<h3><span class="badge ${r.status}">${r.status.toUpperCase()}</span> ${esc(r.id)} ${esc(r.title)}</h3>`,
    `<p>${esc(r.message)}</p>`,
  ];
  const findings = r.findings ?? [];
  if (findings.length > 1) out.push(`<ul>${findings.map((f) => `<li><span class="badge ${f.status}">${f.status}</span> ${esc(f.message)}</li>`).join('')}</ul>`);
  if (r.evidence.length) {
    out.push(`<div class="scroll"><table class="evidence"><thead><tr><th>object</th><th>field</th><th>observed</th><th>expected</th></tr></thead><tbody>`);
    for (const e of r.evidence) out.push(evidenceRow(e));
    out.push(`</tbody></table></div>`);
  }
  if (r.remediation) {
    out.push(`<p><b>Fix:</b> ${esc(r.remediation.text)}</p>`);
    for (const c of r.remediation.commands) out.push(`<div class="cmd"><pre>${esc(c)}</pre><button type="button" data-copy="${esc(c)}">copy</button></div>`);
  }
  out.push(`<p class="muted">Docs: <a href="${esc(docsUrl(r.docs))}">${esc(r.docs)}</a> · <code>arcdoctor checks explain ${esc(r.id)}</code></p>`, folded, `</div>`);
  return out.filter(Boolean).join('\n');
}

function evidenceRow(e: Evidence): string {
  const cellOf = (v: unknown) => {
    if (v === undefined) return '';
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return text.includes('\n') ? `<pre>${esc(text)}</pre>` : esc(text);
  };
  return `<tr><td><code>${esc(e.ref)}</code></td><td>${e.path ? `<code>${esc(e.path)}</code>` : ''}</td><td>${cellOf(e.observed)}</td><td>${cellOf(e.expected)}</td></tr>`;
}

/** Escapes text for HTML content and quoted attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
