// The Open Service Mesh area: its applicability and its checks, in catalog order.
import type { AreaDefinition, CheckDefinition } from '../define.js';

export const area: AreaDefinition = {
  id: 'osm',
  title: 'Open Service Mesh',
  applies: () => ({ applies: true }),
};

export const checks: CheckDefinition[] = [];
