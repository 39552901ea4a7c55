// The flags that name checks, areas, suppressions and the configuration file: they need the check catalog, so only
// the commands' actions load this file (options.ts is what every command's registration loads).
import { existsSync, readFileSync } from 'node:fs';
import { AREAS, type Area } from '../checks/define.js';
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import type { FailOn } from '../engine/report-model.js';
import { parseSuppression, type Suppression } from '../engine/suppress.js';

function knownIds(): Set<string> {
  return new Set(CHECKS.map((c) => c.id));
}

export function validateIds(flag: string, ids: string[]): string[] {
  const known = knownIds();
  return ids.map((id) => {
    const upper = id.toUpperCase();
    if (!known.has(upper)) throw new UsageError(`${flag} ${id}: unknown check ID (see arcdoctor checks list)`);
    return upper;
  });
}

export function validateAreas(areas: string[]): Area[] {
  return areas.map((a) => {
    const lower = a.toLowerCase() as Area;
    if (!AREAS.includes(lower)) throw new UsageError(`--area ${a}: unknown area (one of ${AREAS.join(', ')})`);
    return lower;
  });
}

export interface ConfigFile {
  suppress: string[];
  failOn?: FailOn;
  skip: string[];
  path?: string;
}

/** `.arcdoctor.yaml` in the working folder, or the file `--config` names (which must exist). The YAML parser loads only then. */
export async function loadConfig(explicit: string | undefined): Promise<ConfigFile> {
  const path = explicit ?? (existsSync('.arcdoctor.yaml') ? '.arcdoctor.yaml' : undefined);
  if (!path) return { suppress: [], skip: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--config ${path}: cannot read the file`);
  }
  const { parseYaml } = await import('./config-yaml.js');
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new UsageError(`${path}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return { suppress: [], skip: [], path };
  if (typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${path}: expected a mapping with suppress:, skip:, failOn:`);
  const v = value as Record<string, unknown>;
  const list = (key: string): string[] => {
    const x = v[key];
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x) || x.some((i) => typeof i !== 'string')) throw new UsageError(`${path}: ${key} must be a list of strings`);
    return x as string[];
  };
  const failOn = v.failOn ?? v['fail-on'];
  if (failOn !== undefined && !['fail', 'warn', 'never'].includes(String(failOn))) throw new UsageError(`${path}: failOn must be fail, warn or never`);
  return { suppress: list('suppress'), skip: list('skip'), failOn: failOn as FailOn | undefined, path };
}

export function parseSuppressions(flags: string[], config: ConfigFile): Suppression[] {
  const ids = knownIds();
  return [
    ...flags.map((f) => parseSuppression(f, `--suppress`, ids)),
    ...config.suppress.map((f) => parseSuppression(f, config.path ?? '.arcdoctor.yaml', ids)),
  ];
}

export function resolveFailOn(flag: string | undefined, strict: boolean, config: ConfigFile): FailOn {
  const value = flag ?? (strict ? 'warn' : config.failOn ?? 'fail');
  if (!['fail', 'warn', 'never'].includes(value)) throw new UsageError(`--fail-on ${value}: expected fail, warn or never`);
  if (strict && flag && flag !== 'warn') throw new UsageError(`--strict means --fail-on warn; it cannot be combined with --fail-on ${flag}`);
  return value as FailOn;
}

/** The IDs to run: --area and --check narrow, --skip (and the config's skip:) remove. */
export function selectIds(areas: Area[], checkIds: string[], skipIds: string[]): Set<string> {
  const selected = CHECKS.filter(
    (c) => (areas.length === 0 || areas.includes(c.area)) && (checkIds.length === 0 || checkIds.includes(c.id)) && !skipIds.includes(c.id),
  );
  return new Set(selected.map((c) => c.id));
}
