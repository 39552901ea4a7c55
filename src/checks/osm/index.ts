// The Open Service Mesh area: its applicability and its checks, in catalog order.
import { R } from '../../snapshot/resources.js';
import type { AreaDefinition, CheckDefinition } from '../define.js';
import { controlPlaneChecks } from './control-plane-checks.js';
import { osmInstall } from './install.js';
import { meshChecks } from './mesh-checks.js';

export const area: AreaDefinition = {
  id: 'osm',
  title: 'Open Service Mesh',
  // What the area's install detection reads (the Namespace, and any object listed in it, tells a namespace is there).
  detects: [{ type: R.Namespace }, { type: R.Deployment }, { type: R.ExtensionConfig }],
  applies(snap) {
    const install = osmInstall(snap);
    if (install.present) return { applies: true };
    return { applies: false, reason: `OSM is not installed: no ${install.namespace} namespace and no microsoft.openservicemesh extension` };
  },
};

export const checks: CheckDefinition[] = [...controlPlaneChecks, ...meshChecks];
