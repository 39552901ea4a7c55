import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAll } from '../../helpers/check-harness.js';

const MESH_CHECKS = ['OSM009', 'OSM010', 'OSM011', 'OSM012', 'OSM013', 'OSM014', 'OSM015', 'OSM016'];
const dir = (p: string) => fileURLToPath(new URL(`../../fixtures/osm/${p}`, import.meta.url));

describe('OSM009–OSM016 on whole healthy snapshots, loaded as `arcdoctor check --snapshot` loads them', () => {
  it.each(['guide-healthy', 'healthy-v1.0', 'healthy-v1.1', 'healthy-v1.2'])('all pass on %s', (name) => {
    const report = runAll(dir(name));
    const mesh = report.results.filter((r) => MESH_CHECKS.includes(r.id));
    expect(mesh.map((r) => `${r.id} ${r.status}`)).toEqual(MESH_CHECKS.map((id) => `${id} pass`));
  });

  it("passes the guide's own outputs: its MeshConfig (duplicate trailing keys), webhook names and 1845-byte caBundle", () => {
    const report = runAll(dir('guide-healthy'));
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId.OSM009.message).toContain('osm-validator-mesh-osm and arc-osm-webhook-osm');
    expect(byId.OSM011.message).toContain('1845 bytes');
    expect(byId.OSM012.message).toContain('v1alpha1/MeshConfig arc-osm-system/osm-mesh-config');
    expect(byId.OSM013.message).toContain('bookbuyer');
  });
});
