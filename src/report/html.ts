// One self-contained HTML page (inline CSS, no script, no external resource) to attach to a ticket or publish
// as a CI artifact: a summary, the problems expanded with evidence and commands, then every check by area.
import type { Area, Evidence } from '../checks/define.js';
import type { CheckResult, MultiReport, Report } from '../engine/report-model.js';
import { AREA_TITLES } from './text.js';

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1.05rem;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{background:#f6f8fa;padding:.6rem;overflow:auto;white-space:pre-wrap}
.st{font-weight:600;white-space:nowrap}.pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e}.skip{color:#57606a}.error{color:#8250df}
.problem{border-left:4px solid #d0d7de;padding:.2rem 1rem;margin:1rem 0}.problem.fail{border-color:#cf222e}.problem.warn{border-color:#bf8700}.problem.error{border-color:#8250df}
.muted{color:#57606a}`;

export function formatHtml(doc: Report | MultiReport): string {
  const reports = 'targets' in doc ? doc.targets : [doc];
  const title = reports.length === 1 ? `arcdoctor — ${reports[0].target.name}` : `arcdoctor — ${reports.length} targets`;
  const body = reports.map(section).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}

function section(rep: Report): string {
  const s = rep.summary;
  const shown = rep.results.filter((r) => r.selected);
  const problems = (['fail', 'warn', 'error'] as const).flatMap((st) => shown.filter((r) => r.status === st && !r.suppressed));
  const out = [
    `<section>`,
    `<h2>${esc(rep.target.kind)} ${esc(rep.target.name)}</h2>`,
    `<p class="muted">arcdoctor ${esc(rep.tool.version)} · started ${esc(rep.startedAt)} · ${rep.durationMs} ms · exit code ${rep.exitCode}</p>`,
    `<p><span class="fail">${s.fail} failed</span> · <span class="warn">${s.warn} warnings</span> · <span class="error">${s.error} errors</span> · <span class="pass">${s.pass} passed</span>${s.suppressed ? ` · ${s.suppressed} suppressed` : ''}</p>`,
    ...rep.warnings.map((w) => `<p class="warn">warning: ${esc(w)}</p>`),
  ];
  if (problems.length) out.push(`<h3>Problems</h3>`, ...problems.map(problem));
  for (const area of Object.keys(AREA_TITLES) as Area[]) {
    const inArea = shown.filter((r) => r.area === area);
    if (!inArea.length) continue;
    out.push(`<h3>${esc(AREA_TITLES[area])}</h3>`, `<table><thead><tr><th>status</th><th>check</th><th>result</th></tr></thead><tbody>`);
    for (const r of inArea) {
      out.push(`<tr><td class="st ${r.status}">${r.status}${r.suppressed ? ' (suppressed)' : ''}</td><td><b>${esc(r.id)}</b> ${esc(r.title)}</td><td>${esc(r.message)}${notes(r)}</td></tr>`);
    }
    out.push(`</tbody></table>`);
  }
  out.push(`</section>`);
  return out.join('\n');
}

function notes(r: CheckResult): string {
  return r.status === 'pass' && r.notes?.length ? `<br><span class="muted">${r.notes.map(esc).join('<br>')}</span>` : '';
}

function problem(r: CheckResult): string {
  const out = [`<div class="problem ${r.status}">`, `<h3><span class="st ${r.status}">${r.status.toUpperCase()}</span> ${esc(r.id)} ${esc(r.title)}</h3>`, `<p>${esc(r.message)}</p>`];
  const findings = r.findings ?? [];
  if (findings.length > 1) out.push(`<ul>${findings.map((f) => `<li><span class="${f.status}">${f.status}</span> ${esc(f.message)}</li>`).join('')}</ul>`);
  if (r.evidence.length) {
    out.push(`<table><thead><tr><th>object</th><th>field</th><th>observed</th><th>expected</th></tr></thead><tbody>`);
    for (const e of r.evidence) out.push(evidenceRow(e));
    out.push(`</tbody></table>`);
  }
  if (r.remediation) {
    out.push(`<p><b>Fix:</b> ${esc(r.remediation.text)}</p>`);
    if (r.remediation.commands.length) out.push(`<pre>${r.remediation.commands.map((c) => esc(c)).join('\n')}</pre>`);
  }
  out.push(`<p class="muted">Docs: <code>${esc(r.docs)}</code></p>`, `</div>`);
  return out.join('\n');
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
