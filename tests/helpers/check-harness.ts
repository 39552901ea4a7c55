// The test shape for checks (ESLint's valid/invalid lists): a snapshot in, a status and message fragment out.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CheckDefinition } from '../../src/checks/define.js';
import type { CheckResult } from '../../src/engine/report-model.js';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/engine/run.js';
import type { AzureResource, ContainerLog, KubeObject } from '../../src/snapshot/objects.js';
import { Snapshot, type SnapshotParts } from '../../src/snapshot/snapshot.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';

export const NOW = new Date('2026-11-26T12:00:00Z');

/** Objects from YAML text (one or more documents, or kubectl List output). */
export function yamlObjects(text: string): KubeObject[] {
  return parseAllDocuments(text).flatMap((d) => {
    const v = d.toJS() as (KubeObject & { items?: KubeObject[] }) | null;
    if (!v) return [];
    return Array.isArray(v.items) ? v.items : [v];
  });
}

/** Every object in the YAML files of a folder (recursively). */
export function fixtureObjects(dir: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...fixtureObjects(p));
    else if (/\.ya?ml$/.test(name)) out.push(...yamlObjects(readFileSync(p, 'utf8')));
  }
  return out;
}

export function snapshotOf(objects: KubeObject[], extra: Partial<SnapshotParts> = {}): Snapshot {
  return new Snapshot({ objects, ...extra });
}

/** Runs one check through the engine (area applicability, read failures, crash handling included). */
export function runOne(check: CheckDefinition, snap: Snapshot): CheckResult {
  const report = runChecks(snap, {
    checks: CHECKS,
    areas: AREA_DEFINITIONS,
    selected: new Set([check.id]),
    suppressions: [],
    failOn: 'fail',
    now: NOW,
    target: { kind: 'snapshot', name: 'test' },
    version: 'test',
  });
  return report.results.find((x) => x.id === check.id)!;
}

/** Runs every check on a snapshot folder, as `arcdoctor check --snapshot` would. */
export function runAll(path: string) {
  const snap = loadSnapshot(path);
  return runChecks(snap, {
    checks: CHECKS,
    areas: AREA_DEFINITIONS,
    selected: new Set(CHECKS.map((c) => c.id)),
    suppressions: [],
    failOn: 'fail',
    now: NOW,
    target: { kind: 'snapshot', name: path },
    version: 'test',
  });
}

/** Deep-clones objects so a case can change one field of a healthy base. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

export type { AzureResource, ContainerLog, KubeObject };
