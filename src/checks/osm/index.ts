// The Open Service Mesh area: its applicability and its checks, in catalog order.
import type { AreaDefinition, CheckDefinition } from '../define.js';
import { controlPlaneChecks } from './control-plane-checks.js';
import { osmInstall } from './install.js';
import { meshChecks } from './mesh-checks.js';

export const area: AreaDefinition = {
  id: 'osm',
  title: 'Open Service Mesh',
  applies(snap) {
    const install = osmInstall(snap);
    if (install.present) return { applies: true };
    return { applies: false, reason: `OSM is not installed: no ${install.namespace} namespace and no microsoft.openservicemesh extension` };
  },
};

export const checks: CheckDefinition[] = [...controlPlaneChecks, ...meshChecks];
