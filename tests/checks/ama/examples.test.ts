import { describe, expect, it } from 'vitest';
import { runAll } from '../../helpers/check-harness.js';

function statuses(path: string): Record<string, string> {
  const report = runAll(path);
  return Object.fromEntries(report.results.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error').map((r) => [r.id, r.status]));
}

describe('bundled AMA examples fail exactly the checks they should', () => {
  it('examples/ama-healthy has no warning, failure or error', () => {
    expect(statuses('examples/ama-healthy')).toEqual({});
  });

  it('examples/ama-oracle-linux-9 fails AMA002 (iptable_nat) and AMA003 (agents not available)', () => {
    expect(statuses('examples/ama-oracle-linux-9')).toEqual({ AMA002: 'fail', AMA003: 'fail' });
  });

  it('examples/ama-charmed-privileged fails AMA001 (privileged refused) and AMA003 (no agent pod)', () => {
    expect(statuses('examples/ama-charmed-privileged')).toEqual({ AMA001: 'fail', AMA003: 'fail' });
  });
});
