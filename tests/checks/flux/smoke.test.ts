import { describe, expect, it } from 'vitest';
import { checks } from '../../../src/checks/flux/index.js';
import { runOne } from '../../helpers/check-harness.js';
import { healthy, snap, upstreamOnly } from './fixtures.js';

describe('the healthy flux fixture', () => {
  for (const check of checks) {
    it(`${check.id} passes on a healthy microsoft.flux install`, () => {
      const r = runOne(check, snap(healthy()));
      expect(r.status, `${r.message}\n${JSON.stringify(r.evidence, null, 1)}`).toBe(check.id === 'FLUX005' ? 'skip' : 'pass');
    });
    it(`${check.id} passes on an upstream-only Flux install`, () => {
      const r = runOne(check, snap(upstreamOnly()));
      expect(r.status, r.message).toBe(check.id === 'FLUX005' ? 'skip' : 'pass');
    });
  }
});
