// Each command loads only what it needs (issue #13: start-up is part of the check's time). The bundle global-setup
// builds (scripts/build.mjs) is run with a loader hook that records the chunks a run loads; the esbuild metafile
// says which source modules those chunks hold.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS as REPORT_FORMATS } from '../../src/report/index.js';
import { DEFAULT_USER, startServer, type RunningServer } from '../../src/serve/index.js';
import { OUTPUT_FORMATS } from '../../src/cli/formats.js';
import { SERVE_DEFAULT_USER } from '../../src/cli/serve-cmd.js';
import { arcdoctorLoads, modulesOf, readMetafile, staticChunks } from '../helpers/bundle-graph.js';

const SNAPSHOT = 'examples/osm-healthy';

/** What a run must not load unless it needs it, by the modules that make it up. */
const PARTS: Record<string, RegExp> = {
  'client-node': /node_modules\/@kubernetes\/client-node\//,
  'the live source': /^src\/sources\/live(\.ts|\/)/,
  'the snapshot reader': /^src\/sources\/snapshot-files\.ts$/,
  'the check catalog': /^src\/checks\//,
  serve: /^src\/serve\//,
  fleet: /^src\/fleet\//,
  exporter: /^src\/exporter\//,
  fix: /^src\/fix\//,
  tar: /node_modules\/tar\//,
  yaml: /node_modules\/yaml\//,
  'the Azure SDK': /node_modules\/@azure\//,
  'the HTML report': /^src\/report\/html/,
  'the JSON, JUnit, SARIF, Markdown and Prometheus reports': /^src\/report\/(json|junit|sarif|markdown|prometheus)\.ts$/,
  'the text report': /^src\/report\/text\.ts$/,
};

function partsIn(modules: string[]): string[] {
  return Object.keys(PARTS).filter((p) => modules.some((m) => PARTS[p].test(m)));
}

/** The same for a snapshot run, whose YAML parser (yaml today) is the loader's choice, not the CLI's. */
function offlineParts(modules: string[]): string[] {
  return partsIn(modules).filter((p) => p !== 'yaml');
}

const meta = readMetafile();

describe('the bundle (esbuild metafile)', () => {
  it("the entry point's static graph is commander and the command declarations only", () => {
    const modules = modulesOf(meta, staticChunks(meta, 'src/cli/main.ts'));
    const declarations = /^src\/cli\/(main|check|[a-z]+-cmd|options|formats|version)\.ts$|^src\/errors\.ts$|^src\/sources\/(limits|azure-cloud)\.ts$/;
    expect(modules.filter((m) => !/node_modules\/commander\//.test(m) && !declarations.test(m))).toEqual([]);
    expect(modules).toContain('src/cli/serve-cmd.ts');
  });

  it('the offline check path (check-run, the snapshot reader, the text report) statically imports no client-node', () => {
    const chunks = ['src/cli/main.ts', 'src/cli/check-run.ts', 'src/sources/snapshot-files.ts', 'src/report/text.ts'].flatMap((e) => [...staticChunks(meta, e)]);
    expect(offlineParts(modulesOf(meta, chunks))).toEqual(['the snapshot reader', 'the check catalog', 'the text report']);
  });

  it('the live check path (check-run, the live source, the text report) statically imports no tar, yaml or snapshot reader', () => {
    const chunks = ['src/cli/main.ts', 'src/cli/check-run.ts', 'src/sources/live.ts', 'src/report/text.ts'].flatMap((e) => [...staticChunks(meta, e)]);
    expect(partsIn(modulesOf(meta, chunks))).toEqual(['client-node', 'the live source', 'the check catalog', 'the text report']);
  });

  it("keeps only the client-node modules KubeConfig reaches (build.mjs), and node-fetch's whatwg-url is Node's URL", () => {
    const chunks = staticChunks(meta, 'src/sources/live.ts');
    const bytes = (pattern: RegExp) =>
      [...chunks].flatMap((c) => Object.entries(meta.outputs[c].inputs)).filter(([m]) => pattern.test(m)).reduce((n, [, v]) => n + v.bytesInOutput, 0);
    expect(bytes(/node_modules\/@kubernetes\/client-node\/dist\/config\.js$/)).toBeGreaterThan(10_000);
    expect(bytes(/node_modules\/@kubernetes\/client-node\//)).toBeLessThan(100_000); // 628 KB with every API, watch and exec module
    expect(bytes(/node_modules\/(ws|tr46|whatwg-url|tar-fs|tar-stream)\//)).toBe(0);
  });
});

describe('what a run loads', () => {
  it('--version, --help and every command --help load the entry point graph only', async () => {
    const main = staticChunks(meta, 'src/cli/main.ts');
    const runs: string[][] = [['--version'], ['--help'], ...['check', 'checks', 'collect', 'serve', 'fix', 'exporter', 'rbac', 'fleet'].map((c) => [c, '--help'])];
    const done = await Promise.all(runs.map((args) => arcdoctorLoads(args)));
    for (const [i, run] of done.entries()) {
      const args = runs[i];
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.chunks.length, args.join(' ')).toBeGreaterThan(1);
      expect(run.chunks.filter((c) => !main.has(c)), args.join(' ')).toEqual([]);
    }
  });

  it('check --snapshot FOLDER loads the snapshot reader, the catalog and the text report, nothing else', async () => {
    const run = await arcdoctorLoads(['check', '--snapshot', SNAPSHOT]);
    expect(run.code).toBe(0);
    expect(offlineParts(modulesOf(meta, run.chunks))).toEqual(['the snapshot reader', 'the check catalog', 'the text report']);
  });

  it('check --snapshot -o html loads the HTML report (and the text one, for its area titles), no other formatter', async () => {
    const run = await arcdoctorLoads(['check', '--snapshot', SNAPSHOT, '-o', 'html']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/i);
    // html.ts takes the area titles from text.ts.
    expect(offlineParts(modulesOf(meta, run.chunks))).toEqual(['the snapshot reader', 'the check catalog', 'the HTML report', 'the text report']);
  });

  it('check --snapshot ARCHIVE.tar.gz reads tar only then (required from node_modules): the same results as the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-loads-tgz-'));
    const archive = join(dir, 'osm-healthy.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', SNAPSHOT, '.']);
    const [fromArchive, fromFolder] = await Promise.all([arcdoctorLoads(['check', '--snapshot', archive, '-o', 'json']), arcdoctorLoads(['check', '--snapshot', SNAPSHOT, '-o', 'json'])]);
    expect(fromArchive.stderr).toBe('');
    expect(fromArchive.code).toBe(0);
    const results = (stdout: string) => JSON.parse(stdout).results.map((r: { id: string; status: string; message: string }) => [r.id, r.status, r.message]);
    expect(results(fromArchive.stdout)).toEqual(results(fromFolder.stdout));
    expect(results(fromArchive.stdout)).toHaveLength(32);
  });

  it('an unknown flag is refused before anything but the declarations loads', async () => {
    const run = await arcdoctorLoads(['check', '--bogus']);
    expect(run.code).toBe(2);
    expect(partsIn(modulesOf(meta, run.chunks))).toEqual([]);
  });

  describe('check --kubeconfig (a cluster)', () => {
    let server: RunningServer;
    let kubeconfig: string;
    beforeAll(async () => {
      server = await startServer({ snapshot: SNAPSHOT });
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'arcdoctor-loads-kc-')), 'kubeconfig');
      writeFileSync(kubeconfig, server.kubeconfig);
    });
    afterAll(() => server.close());

    it('loads client-node, the live source, the catalog and the text report: no snapshot reader, tar, yaml, serve, fix', async () => {
      const run = await arcdoctorLoads(['check', '--kubeconfig', kubeconfig]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(partsIn(modulesOf(meta, run.chunks))).toEqual(['client-node', 'the live source', 'the check catalog', 'the text report']);
    });
  });
});

describe('the constants the declarations keep so that their help loads nothing else', () => {
  it('--output lists the formats src/report has', () => {
    expect(OUTPUT_FORMATS).toEqual(REPORT_FORMATS);
  });

  it("serve --help names serve's default --rbac user", () => {
    expect(SERVE_DEFAULT_USER).toBe(DEFAULT_USER);
  });
});

// The recorder itself: a run that loads serve's chunks is seen doing so (else every "not loaded" above proves nothing).
describe('the recorder', () => {
  it('sees the chunks of serve in a serve run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-loads-serve-'));
    const run = await arcdoctorLoads(['serve', '--snapshot', '/does/not/exist', '--kubeconfig-out', join(dir, 'kc')]);
    expect(run.code).toBe(2);
    expect(partsIn(modulesOf(meta, run.chunks))).toContain('serve');
  });
});
