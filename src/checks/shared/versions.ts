// Versions as extensions and images carry them: `1.2.6`, `v1.2.6`, `1.7.3-preview`, `v1.0.0-1`, image tags.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease?: string;
  raw: string;
}

export function parseVersion(text: string | undefined | null): Version | undefined {
  if (!text) return undefined;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+](.+))?$/.exec(String(text).trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), prerelease: m[4], raw: String(text) };
}

/** Semver order on major.minor.patch; a prerelease sorts before its release. */
export function compareVersions(a: string | Version | undefined, b: string | Version | undefined): number | undefined {
  const x = typeof a === 'string' || a === undefined ? parseVersion(a) : a;
  const y = typeof b === 'string' || b === undefined ? parseVersion(b) : b;
  if (!x || !y) return undefined;
  for (const k of ['major', 'minor', 'patch'] as const) if (x[k] !== y[k]) return x[k] < y[k] ? -1 : 1;
  if (x.prerelease === y.prerelease) return 0;
  if (!x.prerelease) return 1;
  if (!y.prerelease) return -1;
  return x.prerelease < y.prerelease ? -1 : 1;
}

/** `mcr.microsoft.com/oss/openservicemesh/osm-controller:v1.2.6` → `v1.2.6`; digests and missing tags give undefined. */
export function imageTag(image: string | undefined): string | undefined {
  if (!image || typeof image !== 'string') return undefined;
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : noDigest.slice(colon + 1);
}

/** The image without tag or digest. */
export function imageRepository(image: string): string {
  if (typeof image !== 'string') return '';
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? noDigest : noDigest.slice(0, colon);
}

/** `major.minor` release line, e.g. `1.2` for OSM release-v1.2. */
export function releaseLine(v: Version): string {
  return `${v.major}.${v.minor}`;
}
