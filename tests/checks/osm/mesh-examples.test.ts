import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAll } from '../../helpers/check-harness.js';

const example = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

/** Each broken example changes one thing of examples/osm-healthy and must fail or warn exactly the checks it should. */
const cases: Array<[string, Record<string, string>]> = [
  ['osm-healthy', {}],
  ['osm-webhook-ca-missing', { OSM011: 'fail' }],
  ['osm-half-joined-namespace', { OSM013: 'warn', OSM014: 'warn' }],
  ['osm-smi-crd-missing', { OSM015: 'fail' }],
];

describe('bundled OSM mesh examples', () => {
  it.each(cases)('%s fails or warns exactly %j', (name, expected) => {
    const report = runAll(example(name));
    const problems = Object.fromEntries(report.results.filter((r) => r.status !== 'pass' && r.status !== 'skip').map((r) => [r.id, r.status]));
    expect(problems).toEqual(expected);
  });
});
