// The Azure area: its applicability and its checks, in catalog order.
import type { AreaDefinition, CheckDefinition } from '../define.js';

export const area: AreaDefinition = {
  id: 'azure',
  title: 'Azure',
  applies: () => ({ applies: true }),
};

export const checks: CheckDefinition[] = [];
