// The cluster itself: reachability and permissions.
import type { AreaDefinition, CheckDefinition } from '../define.js';
import K8S001 from './K8S001-api-access.js';

export const area: AreaDefinition = {
  id: 'k8s',
  title: 'Kubernetes API',
  detects: [],
  applies: () => ({ applies: true }),
};

export const checks: CheckDefinition[] = [K8S001];
