// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps), clean under
// `sarif-multitool validate`: one run per target, one rule per check ID, one result per problem object of a
// fail (level error) or warn (warning). A check that could not decide (`error`) is not a failed rule: it is a
// tool execution notification, and the invocation is then not successful. Snapshot warnings are notifications too.
// Kubernetes objects are not files, so each result's physical location is a stable pseudo-file
// `cluster/<cluster>/<Kind>/<namespace>/<name>` (docs/contract.md), the same for a live run and a snapshot of the
// same cluster, so alerts persist and close across runs (partialFingerprints hash the check ID and the object).
import { createHash } from 'node:crypto';
import type { CheckResult, MultiReport, Report } from '../engine/report-model.js';
import { docsUrl, REPOSITORY_URL } from './links.js';

const LEVEL = { fail: 'error', warn: 'warning' } as const;

export function formatSarif(doc: Report | MultiReport): string {
  const reports = 'targets' in doc ? doc.targets : [doc];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: reports.map(run),
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** The cluster a report is about: the same name whether it was read live or from its snapshot. */
export function clusterOf(report: Report): string {
  return report.target.cluster ?? report.target.name;
}

function run(report: Report) {
  const checks = report.results;
  const ruleIndex = new Map(checks.map((r, i) => [r.id, i]));
  const live = checks.filter((r) => r.selected);
  const errors = live.filter((r) => r.status === 'error' && !r.suppressed);
  const cluster = clusterOf(report);
  return {
    tool: {
      driver: {
        name: 'arcdoctor',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: REPOSITORY_URL,
        rules: checks.map(rule),
      },
    },
    // GitHub takes the category from the id up to its last slash: stable per cluster, one run id per start time.
    automationDetails: { id: `arcdoctor/${cluster}/${report.startedAt}` },
    invocations: [
      {
        executionSuccessful: errors.length === 0,
        exitCode: report.exitCode,
        startTimeUtc: report.startedAt,
        endTimeUtc: new Date(Date.parse(report.startedAt) + report.durationMs).toISOString(),
        toolExecutionNotifications: [
          ...errors.map((r) => ({
            level: 'error',
            message: { text: sentence(`${r.id} could not decide: ${r.message}`) },
            associatedRule: { id: r.id, index: ruleIndex.get(r.id) ?? 0 },
          })),
          ...report.warnings.map((w) => ({ level: 'warning', message: { text: sentence(`Input warning: ${w}`) } })),
        ],
      },
    ],
    properties: { target: report.target, summary: report.summary, causes: report.causes ?? [] },
    results: live.filter((r) => r.status === 'fail' || r.status === 'warn').flatMap((r) => results(r, ruleIndex.get(r.id) ?? 0, cluster)),
  };
}

function rule(r: CheckResult) {
  const url = docsUrl(r.docs);
  return {
    id: r.id,
    name: pascalName(r.title),
    shortDescription: { text: sentence(r.title) },
    fullDescription: { text: sentence(`${r.title} (guide: ${r.guide})`) },
    helpUri: url,
    help: { text: `See ${url} or run: arcdoctor checks explain ${r.id}.` },
    properties: { area: r.area, fixable: r.fixable, tags: ['kubernetes', 'azure-arc', r.area] },
  };
}

/** One SARIF result per object the check names a problem about, so each alert opens and closes on its own. */
function results(r: CheckResult, index: number, cluster: string) {
  const groups = problemObjects(r);
  return groups.map((refs) => ({
    ruleId: r.id,
    ruleIndex: index,
    level: LEVEL[r.status as keyof typeof LEVEL],
    kind: 'fail',
    message: { text: messageOf(r) },
    locations: (refs.length ? refs : [`arcdoctor ${r.id}`]).map((ref) => ({
      physicalLocation: { artifactLocation: { uri: pseudoFile(cluster, ref) }, region: { startLine: 1 } },
      logicalLocations: [{ fullyQualifiedName: ref, name: ref.split(' ').pop() ?? ref, kind: 'resource' }],
    })),
    partialFingerprints: { 'arcdoctorObject/v1': fingerprint(r.id, refs[0] ?? '') },
    ...(r.suppressed ? { suppressions: [{ kind: 'external', justification: 'Suppressed by arcdoctor configuration (--suppress, .arcdoctor.yaml or annotation).' }] } : {}),
    properties: { status: r.status, evidence: r.evidence, remediation: r.remediation ?? null, docs: r.docs },
  }));
}

/** Per finding its object (or its evidence), else the result's evidence as one group. */
function problemObjects(r: CheckResult): string[][] {
  const findings = (r.findings ?? []).filter((f) => f.object || f.evidence?.length);
  const groups = findings.length
    ? findings.map((f) => unique([...(f.object ? [refFromObject(f.object)] : []), ...(f.evidence ?? []).map((e) => e.ref)]))
    : [unique(r.evidence.map((e) => e.ref))];
  const seen = new Set<string>();
  return groups.filter((g) => {
    const key = g[0] ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function refFromObject(o: { apiVersion?: string; kind: string; namespace?: string; name: string }): string {
  return `${o.apiVersion ? o.apiVersion + '/' : ''}${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/**
 * `cluster/<cluster>/<Kind>/<namespace>/<name>` (no namespace segment for cluster-scoped objects) for a
 * Kubernetes ref, `cluster/<cluster>/azure/<resource id>` for an Azure resource, each segment URI-encoded.
 */
export function pseudoFile(cluster: string, ref: string): string {
  const [type, where = ''] = splitRef(ref);
  const enc = (parts: string[]) => parts.filter(Boolean).map(encodeURIComponent).join('/');
  if (where.startsWith('/')) return `cluster/${enc([cluster])}/azure/${enc(where.split('/'))}`;
  const kind = type.split('/').pop() ?? type;
  return `cluster/${enc([cluster, kind, ...where.split('/')])}`;
}

function splitRef(ref: string): [string, string] {
  const space = ref.indexOf(' ');
  return space < 0 ? [ref, ''] : [ref.slice(0, space), ref.slice(space + 1)];
}

function fingerprint(id: string, ref: string): string {
  return createHash('sha256').update(`${id}\u0000${ref}`).digest('hex');
}

function messageOf(r: CheckResult): string {
  const fix = r.remediation ? `\nFix: ${sentence(r.remediation.text)}${r.remediation.commands.map((c) => `\n$ ${c}`).join('')}` : '';
  return sentence(r.message) + fix;
}

/** SARIF's style rules want messages that end with a period. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** A rule name distinct from its ID, as SARIF wants: the title in PascalCase (`OsmControllerServiceHasEndpoints`). */
function pascalName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
