// The GitOps (Flux) area: its applicability and its checks, in catalog order.
import type { AreaDefinition, CheckDefinition } from '../define.js';

export const area: AreaDefinition = {
  id: 'flux',
  title: 'GitOps (Flux)',
  applies: () => ({ applies: true }),
};

export const checks: CheckDefinition[] = [];
