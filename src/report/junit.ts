// JUnit XML for CI, valid against Jenkins xUnit's junit-10.xsd (tests/report/consumers/): one <testsuite> per
// area (per target and area with several targets, classnames `<target>.<area>` so no two testcases collide), one
// <testcase> per selected check. fail → <failure type="fail">, error → <error>, skip → <skipped>. A warn is a
// <failure type="warning"> only when the run fails on warnings (--fail-on warn / --strict); otherwise it passes
// with the warning in <system-out>, so the CI test tab agrees with the exit code. A suppressed result is
// <skipped> with its status in the message, because it never decides the run. Snapshot warnings go to the
// suites' <system-err>.
import type { Area } from '../checks/define.js';
import type { CheckResult, FailOn, MultiReport, Report } from '../engine/report-model.js';
import { docsUrl } from './links.js';
import { AREA_TITLES } from './text.js';

export function formatJunit(doc: Report | MultiReport): string {
  const reports = 'targets' in doc ? doc.targets : [doc];
  const multi = 'targets' in doc;
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const report of reports) {
    for (const area of Object.keys(AREA_TITLES) as Area[]) {
      const results = report.results.filter((r) => r.selected && r.area === area);
      if (results.length === 0) continue;
      const failOn = report.failOn ?? 'fail';
      const counts = countOf(results, failOn);
      totals.tests += results.length;
      totals.failures += counts.failures;
      totals.errors += counts.errors;
      totals.skipped += counts.skipped;
      const name = multi ? `${report.target.name} · ${area}` : area;
      const classname = multi ? `${report.target.name}.${area}` : area;
      suites.push(
        `  <testsuite name="${xml(name)}" tests="${results.length}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0" timestamp="${xml(report.startedAt)}">`,
        `    <properties>`,
        `      <property name="target" value="${xml(`${report.target.kind} ${report.target.name}`)}"/>`,
        `      <property name="area" value="${xml(AREA_TITLES[area])}"/>`,
        `      <property name="arcdoctor.version" value="${xml(report.tool.version)}"/>`,
        `    </properties>`,
        ...results.map((r) => testcase(r, classname, failOn)),
        ...(report.warnings.length ? [`    <system-err>${xml(report.warnings.map((w) => `warning: ${w}`).join('\n'))}</system-err>`] : []),
        `  </testsuite>`,
      );
    }
  }
  const time = (reports.reduce((s, r) => s + r.durationMs, 0) / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // junit-10.xsd has no `skipped` on <testsuites>: the suites carry it.
    `<testsuites name="arcdoctor" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="${time}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function isFailure(r: CheckResult, failOn: FailOn): boolean {
  return r.status === 'fail' || (r.status === 'warn' && failOn === 'warn');
}

function countOf(results: CheckResult[], failOn: FailOn) {
  const live = results.filter((r) => !r.suppressed);
  return {
    failures: live.filter((r) => isFailure(r, failOn)).length,
    errors: live.filter((r) => r.status === 'error').length,
    skipped: results.filter((r) => r.status === 'skip' || r.suppressed).length,
  };
}

function testcase(r: CheckResult, classname: string, failOn: FailOn): string {
  const open = `    <testcase classname="${xml(classname)}" name="${xml(`${r.id} ${r.title}`)}" time="0"`;
  if (r.status === 'pass') {
    return r.notes?.length ? `${open}>\n      <system-out>${xml([r.message, ...r.notes].join('\n'))}</system-out>\n    </testcase>` : `${open}/>`;
  }
  if (r.status === 'warn' && !r.suppressed && !isFailure(r, failOn)) {
    return `${open}>\n      <system-out>${xml(`warning (below --fail-on ${failOn}): ${details(r)}`)}</system-out>\n    </testcase>`;
  }
  let body: string;
  if (r.suppressed) body = `<skipped message="${xml(`suppressed (${r.status}): ${r.message}`)}"/>`;
  else if (r.status === 'skip') body = `<skipped message="${xml(r.message)}"/>`;
  else if (r.status === 'error') body = `<error type="error" message="${xml(r.message)}">${xml(details(r))}</error>`;
  else body = `<failure type="${r.status === 'warn' ? 'warning' : 'fail'}" message="${xml(r.message)}">${xml(details(r))}</failure>`;
  return `${open}>\n      ${body}\n    </testcase>`;
}

/** The evidence and the fix, as plain text inside the failure element. */
function details(r: CheckResult): string {
  const lines = [r.message];
  if (r.evidence.length) {
    lines.push('', 'Evidence:');
    for (const e of r.evidence) {
      const parts = [e.path, e.observed !== undefined && `observed ${show(e.observed)}`, e.expected !== undefined && `expected ${show(e.expected)}`].filter(Boolean);
      lines.push(`  ${e.ref}${parts.length ? ': ' + parts.join(', ') : ''}`);
    }
  }
  if (r.remediation) {
    lines.push('', `Fix: ${r.remediation.text}`, ...r.remediation.commands.map((c) => `  $ ${c}`));
  }
  lines.push('', `Docs: ${docsUrl(r.docs)}`);
  return lines.join('\n');
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold at all. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
