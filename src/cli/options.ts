// Parsing and validation of the flags `check` shares with `fix` and `collect`: one clear line and exit 2 on bad input.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { AREAS, type Area } from '../checks/define.js';
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import type { FailOn } from '../engine/report-model.js';
import { parseSuppression, type Suppression } from '../engine/suppress.js';
import type { AzureTarget } from '../sources/azure-live.js';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
export const collectCsv = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((v) => v.trim()).filter(Boolean),
];

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

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} ${value}: expected a positive number`);
  return n;
}

/** The flags of every command that reads a cluster (check, collect, fix). */
export interface ClusterReadFlags {
  kubeconfig?: string;
  timeout?: string;
  concurrency?: string;
}

export const KUBECONFIG_OPTION = ['--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'] as const;

/** --timeout and --concurrency; the help lines differ per command because what the timeout bounds differs. */
export function addReadLimitOptions(cmd: Command, help: { timeout: string; concurrency: string }): Command {
  return cmd.option('--timeout <seconds>', help.timeout).option('--concurrency <n>', help.concurrency);
}

export function readLimits(flags: ClusterReadFlags, defaultTimeoutSeconds: number): { timeoutMs: number; concurrency: number } {
  return {
    timeoutMs: positiveInt('--timeout', flags.timeout, defaultTimeoutSeconds) * 1000,
    concurrency: positiveInt('--concurrency', flags.concurrency, 8),
  };
}

export interface AzureTargetFlags {
  azureSubscription?: string;
  resourceGroup?: string;
  cluster?: string;
  clusterType?: string;
}

/** The cluster's ARM coordinates from the flags; without them the Azure source discovers them from the cluster. */
export function azureTargetOf(flags: AzureTargetFlags): AzureTarget | undefined {
  const given = [flags.azureSubscription, flags.resourceGroup, flags.cluster, flags.clusterType].filter((v) => v !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < 4) throw new UsageError('--azure-subscription, --resource-group, --cluster and --cluster-type go together: give all four');
  if (flags.clusterType !== 'connectedClusters' && flags.clusterType !== 'managedClusters') {
    throw new UsageError(`--cluster-type ${flags.clusterType}: expected connectedClusters or managedClusters`);
  }
  return { subscription: flags.azureSubscription!, resourceGroup: flags.resourceGroup!, cluster: flags.cluster!, clusterType: flags.clusterType };
}

export interface ConfigFile {
  suppress: string[];
  failOn?: FailOn;
  skip: string[];
  path?: string;
}

/** `.arcdoctor.yaml` in the working folder, or the file `--config` names (which must exist). */
export function loadConfig(explicit: string | undefined): ConfigFile {
  const path = explicit ?? (existsSync('.arcdoctor.yaml') ? '.arcdoctor.yaml' : undefined);
  if (!path) return { suppress: [], skip: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--config ${path}: cannot read the file`);
  }
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
