// OSM001–OSM008: the control plane's deployments, pods, services and endpoints, in catalog order.
import type { CheckDefinition } from '../define.js';

export const controlPlaneChecks: CheckDefinition[] = [];
