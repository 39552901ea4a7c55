// Every bundled example fails exactly the checks it should and no others, and keeps the outside contract.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectScenario } from '../helpers/scenario.js';

/** Non-passing, non-skipped results per example: `ID:status`. */
const EXPECTED: Record<string, string[]> = {
  'osm-healthy': [],
  'osm-injector-down': ['OSM005:fail', 'OSM006:fail', 'OSM008:fail'],
  'osm-controller-crashloop': ['OSM001:fail', 'OSM002:fail', 'OSM004:fail'],
  'osm-webhook-ca-missing': ['OSM011:fail'],
  'osm-half-joined-namespace': ['OSM013:warn', 'OSM014:warn'],
  'osm-smi-crd-missing': ['OSM015:fail'],
  'flux-healthy': [],
  'flux-dry-run-webhook': ['FLUX002:fail'],
  'flux-container-limits-policy': ['FLUX003:fail', 'FLUX006:fail'],
  'flux-v1-leftover': ['FLUX007:fail'],
  'ama-healthy': [],
  'ama-oracle-linux-9': ['AMA002:fail', 'AMA003:fail'],
  'ama-charmed-privileged': ['AMA001:fail', 'AMA003:fail'],
  'azure-flux-extension-failed': ['AZ003:fail'],
  'azure-flux-v1-config': ['AZ005:fail'],
  'healthy-all-extensions': [],
};

const examples = readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('bundled examples', () => {
  it('every example folder has an expectation here', () => {
    expect(examples.filter((e) => !(e in EXPECTED))).toEqual([]);
  });

  for (const name of examples) {
    it(`${name} reports exactly ${EXPECTED[name]?.join(', ') || 'no problem'}`, () => {
      const report = expectScenario(`examples/${name}`, { problems: EXPECTED[name] ?? [] });
      expect(report.warnings).toEqual([]);
    });
  }
});
