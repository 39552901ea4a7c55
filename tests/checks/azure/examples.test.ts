import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAll } from '../../helpers/check-harness.js';

const example = (name: string) => join(import.meta.dirname, '../../../examples', name);
const azureStatuses = (name: string) => Object.fromEntries(runAll(example(name)).results.filter((r) => r.area === 'azure').map((r) => [r.id, r.status]));

describe('Azure examples', () => {
  it('azure-flux-extension-failed fails AZ003 only among the AZ checks', () => {
    expect(azureStatuses('azure-flux-extension-failed')).toEqual({ AZ001: 'pass', AZ002: 'skip', AZ003: 'fail', AZ004: 'skip', AZ005: 'skip' });
  });

  it('azure-flux-v1-config fails AZ005 only among the AZ checks', () => {
    expect(azureStatuses('azure-flux-v1-config')).toEqual({ AZ001: 'pass', AZ002: 'skip', AZ003: 'skip', AZ004: 'skip', AZ005: 'fail' });
  });
});
