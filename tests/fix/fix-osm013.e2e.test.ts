// `arcdoctor fix` on a real fixable check, end to end: OSM013's half-joined namespace against `arcdoctor serve`,
// the server-side dry-run, the change, the check passing afterwards, and the undo putting it back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { arcdoctorAsync as arcdoctor } from '../helpers/cli.js';

let server: RunningServer;
let dir: string;
let kubeconfig: string;
beforeAll(async () => {
  server = await startServer({ snapshot: 'examples/osm-half-joined-namespace' });
  dir = mkdtempSync(join(tmpdir(), 'arcdoctor-fix-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig);
});
afterAll(async () => server?.close());

const osm013 = async () => {
  const r = await arcdoctor(['check', '--kubeconfig', kubeconfig, '--check', 'OSM013', '--output', 'json']);
  return JSON.parse(r.stdout).results.find((x: { id: string }) => x.id === 'OSM013');
};

describe('arcdoctor fix --check OSM013', () => {
  it('changes nothing with --dry-run, and says what the server accepted', async () => {
    const r = await arcdoctor(['fix', '--kubeconfig', kubeconfig, '--check', 'OSM013', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Annotate namespace bookthief openservicemesh.io/sidecar-injection=enabled');
    expect(r.stdout).toContain('dry run: accepted by the server');
    expect((await osm013()).status).toBe('warn');
  });

  it('refuses to change anything without a terminal or --yes', async () => {
    const r = await arcdoctor(['fix', '--kubeconfig', kubeconfig, '--check', 'OSM013']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect((await osm013()).status).toBe('warn');
  });

  it('applies the annotation with --yes, after which OSM013 passes, and --undo puts it back', async () => {
    const undo = join(dir, 'undo.json');
    const r = await arcdoctor(['fix', '--kubeconfig', kubeconfig, '--check', 'OSM013', '--yes', '--undo-out', undo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('changed: v1/Namespace bookthief');
    expect((await osm013()).status).toBe('pass');
    const back = await arcdoctor(['fix', '--kubeconfig', kubeconfig, '--undo', undo, '--yes']);
    expect(back.code).toBe(0);
    expect((await osm013()).status).toBe('warn');
  });
});
