// The live source: reads what the selected checks declare from a cluster through @kubernetes/client-node.
// (Built in issue #4; until then live mode says so and exits 3.)
import { UnreachableError } from '../errors.js';
import type { CheckDefinition } from '../checks/define.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export interface LiveOptions {
  kubeconfig?: string;
  context?: string;
  checks: CheckDefinition[];
  concurrency: number;
  timeoutMs: number;
  progress?: (line: string) => void;
}

export async function readCluster(opts: LiveOptions): Promise<Snapshot> {
  throw new UnreachableError(`live mode is not available in this build; use --snapshot PATH (context ${opts.context ?? 'current'})`);
}

/** Every context name in the kubeconfig, for --all-contexts. */
export function listContexts(_kubeconfig?: string): string[] {
  return [];
}
