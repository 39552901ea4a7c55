// `arcdoctor fleet`, run: loaded by the action of fleet-cmd.ts.
import { closeSync, openSync, writeSync } from 'node:fs';
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { evaluateFleet } from '../fleet/evaluate.js';
import { formatFleet, jsonFleetWriter, keptFor } from '../fleet/render.js';
import type { FleetClusterType } from '../fleet/queries.js';
import { readFleet } from '../fleet/source.js';
import { styleFor } from '../report/style.js';
import { armEndpointFor } from '../sources/azure-cloud.js';
import type { FleetFlags } from './fleet-cmd.js';
import { OUTPUT_FORMATS } from './formats.js';
import { loadConfig, parseSuppressions, resolveFailOn, selectIds, validateAreas, validateIds } from './selection.js';
import { VERSION } from './version.js';

const AZURE_CHECKS = CHECKS.filter((c) => c.area === 'azure');

export async function runFleetCommand(flags: FleetFlags): Promise<number> {
  const config = await loadConfig(flags.config);
  if (!OUTPUT_FORMATS.includes(flags.output as (typeof OUTPUT_FORMATS)[number])) {
    throw new UsageError(`--output ${flags.output}: unknown format (one of ${OUTPUT_FORMATS.join(', ')})`);
  }
  const areas = validateAreas(flags.area);
  if (areas.some((a) => a !== 'azure')) throw new UsageError(`--area ${areas.join(',')}: a fleet run reads Azure only; the only area is azure`);
  const checkIds = validateIds('--check', flags.check);
  const notAzure = checkIds.filter((id) => !AZURE_CHECKS.some((c) => c.id === id));
  if (notAzure.length) throw new UsageError(`--check ${notAzure.join(',')}: a fleet run has only the Azure checks (${AZURE_CHECKS.map((c) => c.id).join(', ')})`);
  const clusterType = clusterTypeOf(flags.clusterType);
  const endpoint = armEndpointFor(flags.azureCloud);
  const failOn = resolveFailOn(flags.failOn, false, config);
  const suppressions = parseSuppressions(flags.suppress, config);
  const selected = selectIds(['azure'], checkIds, config.skip);
  const progress = (line: string) => {
    if (!flags.quiet) process.stderr.write(`arcdoctor: ${line}\n`);
  };

  const read = await readFleet({ subscriptions: flags.subscription, resourceGroups: flags.resourceGroup, clusterType, endpoint, progress });
  const style = styleFor(process.stdout, !flags.color || Boolean(flags.out));
  const out = openOut(flags.out);
  try {
    // JSON is written cluster by cluster as each is evaluated; the other formats keep what they show.
    const json = flags.output === 'json' ? jsonFleetWriter(out.write) : undefined;
    const doc = evaluateFleet(read, {
      checks: AZURE_CHECKS,
      selected,
      suppressions,
      failOn,
      now: new Date(),
      version: VERSION,
      progress: (n) => progress(`fleet: ${n} cluster(s) evaluated`),
      keep: keptFor(flags.output),
      onTarget: json?.target,
    });
    if (json) json.close(doc.fleet);
    else out.write(formatFleet(doc, flags.output, { style, quiet: flags.quiet }));
    if (flags.out && !flags.quiet) process.stderr.write(`arcdoctor: report written to ${flags.out}\n`);
    return doc.fleet.exitCode;
  } finally {
    out.close();
  }
}

/** stdout, or the --out file (one clear line and exit 2 when it cannot be written). */
function openOut(path: string | undefined): { write: (chunk: string) => void; close: () => void } {
  if (!path) return { write: (c) => void process.stdout.write(c), close: () => {} };
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new UsageError(`--out ${path}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { write: (c) => void writeSync(fd, c), close: () => closeSync(fd) };
}

function clusterTypeOf(value: string | undefined): FleetClusterType | undefined {
  if (value === undefined) return undefined;
  if (value === 'connectedClusters' || value === 'managedClusters') return value;
  throw new UsageError(`--cluster-type ${value}: expected connectedClusters or managedClusters`);
}
