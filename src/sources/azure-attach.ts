// Joins the Azure side to a cluster or snapshot: the target from the flags or discovered from the cluster,
// the live read, and the files `collect --azure` writes into a bundle's azure/ folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { skip, type CheckDefinition } from '../checks/define.js';
import type { AzureResource } from '../snapshot/objects.js';
import type { Snapshot, SnapshotParts } from '../snapshot/snapshot.js';
import { armEndpointFor } from './azure-cloud.js';
import { AZURE_DISCOVERY_READS, discoverAzureTarget } from './azure-discovery.js';
import { readAzure, type AzureReadOptions, type AzureTarget } from './azure-live.js';

export interface AttachOptions {
  /** `cluster` targets discover their Azure resource when no flags name it; snapshots stay offline. */
  kind: 'cluster' | 'snapshot';
  /** From --azure-subscription/--resource-group/--cluster/--cluster-type. */
  target?: AzureTarget;
  /** The selected checks: no AZ check selected, no Azure read. */
  checks: readonly CheckDefinition[];
  read?: AzureReadOptions;
  /** --azure-cloud: which public or sovereign cloud's ARM endpoint to read. */
  cloud?: string;
}

/** The snapshot with the Azure resources (or the reason they are missing) added. Never throws. */
export async function attachAzure(snap: Snapshot, opts: AttachOptions): Promise<Snapshot> {
  const parts = await azureParts(snap, opts);
  return parts ? snap.with(parts) : snap;
}

/**
 * The Azure parts for a snapshot (resources, or why they are missing), undefined when nothing is to be read; the
 * live source calls it between the lists and the logs, since some log needs are decided by ARM. Never throws.
 */
export async function azureParts(snap: Snapshot, opts: AttachOptions): Promise<Partial<SnapshotParts> | undefined> {
  if (!opts.checks.some((c) => c.area === 'azure')) return undefined;
  let target = opts.target;
  if (!target) {
    // A snapshot carries its own azure/ files; reaching out to ARM from an offline bundle would surprise.
    if (opts.kind !== 'cluster' || snap.hasAzureData()) return undefined;
    const found = discoverAzureTarget(snap);
    if (!found.target) {
      return { azureFailures: [{ armType: '*', reason: 'no-target', message: `Azure not read: ${found.detail}; pass --azure-subscription/--resource-group/--cluster/--cluster-type to enable the AZ checks` }] };
    }
    target = found.target;
  }
  // ARCDOCTOR_ARM_ENDPOINT (sovereign or air-gapped clouds, stand-ins) applies to `check` as to `fleet`; a bad value exits 2.
  const endpoint = opts.read?.endpoint ?? armEndpointFor(opts.cloud);
  try {
    const az = await readAzure(target, { ...opts.read, endpoint });
    return { azure: az.resources, azureFailures: az.failures, completeTypes: az.completeTypes, warnings: az.warnings };
  } catch (e) {
    return { azureFailures: [{ armType: '*', reason: 'unavailable', message: `Azure not read: ${(e as Error).message}` }] };
  }
}

/** The checks to plan live reads for, plus what discovery needs (listed only when an AZ check runs and no flags name the target). */
export function withAzureDiscoveryReads(checks: CheckDefinition[], target: AzureTarget | undefined): CheckDefinition[] {
  if (target || !checks.some((c) => c.area === 'azure')) return checks;
  const discovery: CheckDefinition = {
    id: 'azure-discovery',
    area: 'azure',
    title: 'Azure resource discovery (not a check)',
    guide: '',
    reads: AZURE_DISCOVERY_READS,
    fixable: false,
    run: () => skip('not a check'),
  };
  return [...checks, discovery];
}

/** For `collect --azure`: one JSON array per ARM type under DIR/azure/, as `check --snapshot` reads them back. */
export function writeAzureFiles(dir: string, resources: readonly AzureResource[]): string[] {
  const byType = new Map<string, AzureResource[]>();
  for (const r of resources) {
    const key = r.type.split('/').pop()!.replace(/[^A-Za-z0-9_-]/g, '_');
    byType.set(key, [...(byType.get(key) ?? []), r]);
  }
  const folder = join(dir, 'azure');
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const [name, items] of byType) {
    const file = join(folder, `${name}.json`);
    writeFileSync(file, JSON.stringify(items, null, 2) + '\n');
    written.push(file);
  }
  return written;
}
