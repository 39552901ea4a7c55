// Where a bundle starts inside an archive: `tar czf b.tgz /path/to/dump` stores every file under path/to/dump/,
// and the archive must load as the folder would (snapshot.yaml, logs/ and azure/ are found below that prefix).

const LOG_PATH = /^logs\/[^/]+\/[^/]+\/[^/]+\.log$/i;

/** The leading folders to strip (`path/to/dump/`), or '' when the files sit at the archive's top. */
export function archiveRoot(paths: string[]): string {
  if (paths.length === 0) return '';
  const dirs = (p: string) => p.split('/').slice(0, -1);
  // collect writes snapshot.yaml at the bundle's root: the shallowest one above every file is the root.
  const infoRoots = paths
    .filter((p) => p === 'snapshot.yaml' || p.endsWith('/snapshot.yaml'))
    .map((p) => p.slice(0, -'snapshot.yaml'.length))
    .filter((r) => paths.every((p) => p.startsWith(r)))
    .sort((a, b) => a.length - b.length);
  if (infoRoots.length > 0) return infoRoots[0];
  let common = dirs(paths[0]);
  for (const p of paths) {
    const d = dirs(p);
    let k = 0;
    while (k < common.length && k < d.length && common[k] === d[k]) k++;
    common = common.slice(0, k);
  }
  const logs = paths.filter((p) => /\.log$/i.test(p));
  for (let depth = common.length; depth > 0; depth--) {
    const prefix = common.slice(0, depth).join('/') + '/';
    const last = common[depth - 1];
    if (last === 'logs' || last === 'azure') continue;
    if (logs.every((p) => LOG_PATH.test(p.slice(prefix.length)))) return prefix;
  }
  return '';
}
