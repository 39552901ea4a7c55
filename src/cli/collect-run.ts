// `arcdoctor collect`, run: loaded by the action of collect-cmd.ts.
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { attachAzure, withAzureDiscoveryReads } from '../sources/azure-attach.js';
import { writeBundle, type BundleSummary } from '../sources/live/bundle.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { CollectFlags } from './collect-cmd.js';
import { azureTargetOf, readLimits } from './options.js';
import { progressReporter } from './progress.js';
import { VERSION } from './version.js';

export async function runCollect(flags: CollectFlags): Promise<number> {
  if (!/\.(tar\.gz|tgz)$/i.test(flags.out) && /\.(tar|zip|gz)$/i.test(flags.out)) throw new UsageError(`--out ${flags.out}: name a .tar.gz/.tgz file or a folder`);
  const progress = progressReporter(process.stderr, Boolean(flags.quiet));
  const azureTarget = flags.azure ? azureTargetOf(flags) : undefined;
  const { readCluster } = await import('../sources/live.js');
  let snap = await readCluster({
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    checks: flags.azure ? withAzureDiscoveryReads(CHECKS, azureTarget) : CHECKS,
    ...readLimits(flags, 300),
    progress,
    secrets: false,
  });
  progress.done();
  if (flags.azure) {
    snap = await attachAzure(snap, { kind: 'cluster', target: azureTarget, checks: CHECKS });
    for (const f of snap.azureFailures) if (!flags.quiet) process.stderr.write(`arcdoctor: Azure: ${f.message}\n`);
  }
  const summary = await writeBundle(snap, flags.out, { redactEnv: flags.redactEnv, arcdoctorVersion: VERSION });
  if (!flags.quiet) printSummary(process.stderr, snap, summary, flags.redactEnv);
  return 0;
}

/** What went into the bundle, what could not be read, and a reminder that the bundle may still hold sensitive data. */
function printSummary(err: NodeJS.WritableStream, snap: Snapshot, summary: BundleSummary, redactEnv: boolean): void {
  const objects = summary.files.reduce((n, f) => n + f.count, 0);
  err.write(`arcdoctor: wrote ${summary.path}: ${objects} objects in ${summary.files.length} files, ${summary.logs} logs${summary.azure ? `, ${summary.azure} Azure resources` : ''}\n`);
  for (const f of summary.files) err.write(`  ${f.file} (${f.count})\n`);
  for (const f of snap.readFailures) err.write(`arcdoctor: not collected: ${f.type.kind}${f.namespace ? ' in ' + f.namespace : ''}: ${f.message}\n`);
  for (const w of snap.warnings) err.write(`arcdoctor: ${w}\n`);
  err.write(
    `arcdoctor: no Secrets were written; ${redactEnv ? `${summary.redactedEnvValues} container env values were replaced by <redacted>` : 'container env values were KEPT (--no-redact-env)'}; ` +
      `${summary.redactedArgValues} secret-looking flag values in container args were replaced by <redacted> (snapshot.yaml, redaction: says how). ` +
      'Logs, annotations and ConfigMaps may still hold sensitive data: look through the bundle before sharing it.\n',
  );
}
