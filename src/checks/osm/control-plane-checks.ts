// OSM001–OSM008: the control plane's deployments, pods, services and endpoints, in catalog order.
import type { CheckDefinition } from '../define.js';
import OSM001 from './OSM001-controller-deployment.js';
import OSM002 from './OSM002-controller-pods.js';
import OSM003 from './OSM003-controller-service.js';
import OSM004 from './OSM004-controller-endpoints.js';
import OSM005 from './OSM005-injector-deployment.js';
import OSM006 from './OSM006-injector-pods.js';
import OSM007 from './OSM007-injector-service.js';
import OSM008 from './OSM008-injector-endpoints.js';

export const controlPlaneChecks: CheckDefinition[] = [OSM001, OSM002, OSM003, OSM004, OSM005, OSM006, OSM007, OSM008];
