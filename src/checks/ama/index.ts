// The Azure Monitor Container Insights area: its applicability and its checks, in catalog order.
import type { AreaDefinition, CheckDefinition } from '../define.js';

export const area: AreaDefinition = {
  id: 'ama',
  title: 'Azure Monitor Container Insights',
  applies: () => ({ applies: true }),
};

export const checks: CheckDefinition[] = [];
