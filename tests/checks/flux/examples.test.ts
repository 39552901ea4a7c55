import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAll } from '../../helpers/check-harness.js';

const EXAMPLES: Array<[string, string[]]> = [
  ['flux-healthy', []],
  ['flux-dry-run-webhook', ['FLUX002']],
  // FLUX003 reports the Gatekeeper denial the Event quotes; FLUX006 the containers' limits (issue #10).
  ['flux-container-limits-policy', ['FLUX003', 'FLUX006']],
  ['flux-v1-leftover', ['FLUX007']],
];

describe('bundled flux examples', () => {
  for (const [name, failing] of EXAMPLES) {
    it(`${name} fails exactly ${failing.join(', ') || 'nothing'} and warns about nothing`, () => {
      const report = runAll(join(__dirname, '../../../examples', name));
      const flagged = report.results.filter((r) => ['fail', 'warn', 'error'].includes(r.status)).map((r) => r.id);
      expect(flagged).toEqual(failing);
    });
  }
});
