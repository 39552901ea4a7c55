// Versions and image references as extensions and images carry them, each branch pinned.
import { describe, expect, it } from 'vitest';
import { compareVersions, imageRepository, imageTag, parseVersion, releaseLine } from '../../../src/checks/shared/versions.js';

describe('parseVersion', () => {
  it('reads major.minor.patch with or without v, and a prerelease or build suffix', () => {
    expect(parseVersion('1.2.6')).toEqual({ major: 1, minor: 2, patch: 6, prerelease: undefined, raw: '1.2.6' });
    expect(parseVersion('v1.2.6')).toEqual({ major: 1, minor: 2, patch: 6, prerelease: undefined, raw: 'v1.2.6' });
    expect(parseVersion('1.7.3-preview')).toEqual({ major: 1, minor: 7, patch: 3, prerelease: 'preview', raw: '1.7.3-preview' });
    expect(parseVersion('v1.0.0-1')).toEqual({ major: 1, minor: 0, patch: 0, prerelease: '1', raw: 'v1.0.0-1' });
    expect(parseVersion('1.2.3+build.5')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: 'build.5', raw: '1.2.3+build.5' });
  });

  it('fills a missing minor or patch with 0 and keeps the raw text untrimmed', () => {
    expect(parseVersion('2')).toEqual({ major: 2, minor: 0, patch: 0, prerelease: undefined, raw: '2' });
    expect(parseVersion('v3.4')).toEqual({ major: 3, minor: 4, patch: 0, prerelease: undefined, raw: 'v3.4' });
    expect(parseVersion(' 1.2.3 ')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: undefined, raw: ' 1.2.3 ' });
  });

  it.each([undefined, null, '', 'latest', 'master.251201.2x', 'x1.2.3', '1.2.3.4', 'V1.2.3', '1..2', '1.2.3-', 'vv1'])('%s is no version', (text) => {
    expect(parseVersion(text as string)).toBeUndefined();
  });
});

describe('compareVersions', () => {
  it('orders by major, then minor, then patch', () => {
    expect(compareVersions('1.2.6', '1.2.6')).toBe(0);
    expect(compareVersions('v1.2.6', '1.2.6')).toBe(0);
    expect(compareVersions('2.0.0', '1.9.9')).toBe(1);
    expect(compareVersions('1.9.9', '2.0.0')).toBe(-1);
    expect(compareVersions('1.3.0', '1.2.9')).toBe(1);
    expect(compareVersions('1.2.9', '1.3.0')).toBe(-1);
    expect(compareVersions('1.2.7', '1.2.6')).toBe(1);
    expect(compareVersions('1.2.6', '1.2.7')).toBe(-1);
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
    expect(compareVersions('1.2.16', '1.2.9')).toBe(1);
    expect(compareVersions('12.0.0', '9.0.0')).toBe(1);
  });

  it('sorts a prerelease before its release, and prereleases by text', () => {
    expect(compareVersions('1.7.3-preview', '1.7.3')).toBe(-1);
    expect(compareVersions('1.7.3', '1.7.3-preview')).toBe(1);
    expect(compareVersions('1.0.0-1', '1.0.0-2')).toBe(-1);
    expect(compareVersions('1.0.0-2', '1.0.0-1')).toBe(1);
    expect(compareVersions('1.0.0-rc', '1.0.0-rc')).toBe(0);
    expect(compareVersions('1.7.3-preview', '1.7.2')).toBe(1);
  });

  it('takes parsed versions as they are', () => {
    const a = parseVersion('1.2.3')!;
    expect(compareVersions(a, '1.2.4')).toBe(-1);
    expect(compareVersions('1.2.4', a)).toBe(1);
    expect(compareVersions(a, { major: 1, minor: 2, patch: 3, raw: 'x' })).toBe(0);
  });

  it('is undefined when either side is no version', () => {
    expect(compareVersions('latest', '1.2.3')).toBeUndefined();
    expect(compareVersions('1.2.3', 'latest')).toBeUndefined();
    expect(compareVersions(undefined, '1.2.3')).toBeUndefined();
    expect(compareVersions('1.2.3', undefined)).toBeUndefined();
  });
});

describe('imageTag and imageRepository', () => {
  it.each([
    ['mcr.microsoft.com/oss/openservicemesh/osm-controller:v1.2.6', 'v1.2.6', 'mcr.microsoft.com/oss/openservicemesh/osm-controller'],
    ['localhost:5000/osm-controller:v1.1.1', 'v1.1.1', 'localhost:5000/osm-controller'],
    ['localhost:5000/osm-controller', undefined, 'localhost:5000/osm-controller'],
    ['mcr.microsoft.com/aks/msi/addon-token-adapter:master.251201.2', 'master.251201.2', 'mcr.microsoft.com/aks/msi/addon-token-adapter'],
    ['nginx', undefined, 'nginx'],
    ['nginx:1.25', '1.25', 'nginx'],
    ['ghcr.io/fluxcd/source-controller:v1.4.1@sha256:0123abcd', 'v1.4.1', 'ghcr.io/fluxcd/source-controller'],
    ['ghcr.io/fluxcd/source-controller@sha256:0123abcd', undefined, 'ghcr.io/fluxcd/source-controller'],
    ['docker.io/weaveworks/flux:1.25.4', '1.25.4', 'docker.io/weaveworks/flux'],
  ])('%s has tag %s and repository %s', (image, tag, repo) => {
    expect(imageTag(image)).toBe(tag);
    expect(imageRepository(image)).toBe(repo);
  });

  it('gives nothing for what is not an image string', () => {
    expect(imageTag(undefined)).toBeUndefined();
    expect(imageTag('')).toBeUndefined();
    expect(imageTag(42 as unknown as string)).toBeUndefined();
    expect(imageRepository(42 as unknown as string)).toBe('');
    expect(imageRepository(undefined as unknown as string)).toBe('');
  });
});

describe('releaseLine', () => {
  it('is major.minor', () => {
    expect(releaseLine(parseVersion('v1.2.6')!)).toBe('1.2');
    expect(releaseLine(parseVersion('10.0.3-rc1')!)).toBe('10.0');
  });
});
