// The cluster itself: reachability and permissions.
import { R } from '../../snapshot/resources.js';
import type { AreaDefinition, CheckDefinition } from '../define.js';
import K8S001 from './K8S001-api-access.js';

export const area: AreaDefinition = {
  id: 'k8s',
  title: 'Kubernetes API',
  // The cluster always applies; listing namespaces is what proves the API answers when K8S001 runs alone.
  detects: [{ type: R.Namespace }],
  applies: () => ({ applies: true }),
};

export const checks: CheckDefinition[] = [K8S001];
