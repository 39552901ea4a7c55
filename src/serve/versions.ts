// Kubernetes version ordering (v1 > v1beta2 > v1beta1 > v1alpha1 > other), as discovery sorts group versions.

export function compareKubeVersions(a: string, b: string): number {
  return rank(b) - rank(a) || (a < b ? -1 : a > b ? 1 : 0);
}

function rank(v: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return -1;
  const major = Number(m[1]);
  const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  const minor = m[3] === undefined ? 0 : Number(m[3]);
  return stage * 1e8 + major * 1e4 + minor;
}

/** `{major, minor, gitVersion}` from a snapshot's serverVersion (`v1.28.3`, `1.27.7-gke.1`, `v1.26.6+k3s1`). */
export function versionInfo(serverVersion: string | undefined): Record<string, string> {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(serverVersion?.trim() ?? '');
  const [major, minor, patch, rest] = m ? [m[1], m[2], m[3] ?? '0', m[4] ?? ''] : ['1', '29', '0', ''];
  return {
    major,
    minor,
    gitVersion: `v${major}.${minor}.${patch}${rest}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-01-01T00:00:00Z',
    goVersion: 'go1.21.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
