// The GitOps (Flux) area: its applicability and its checks, in catalog order.
import { R } from '../../snapshot/resources.js';
import type { AreaDefinition, CheckDefinition } from '../define.js';
import FLUX001 from './FLUX001-controllers.js';
import FLUX002 from './FLUX002-dry-run-webhooks.js';
import FLUX003 from './FLUX003-admission-policies.js';
import FLUX004 from './FLUX004-pod-identity.js';
import FLUX005 from './FLUX005-kubelet-identity.js';
import FLUX006 from './FLUX006-resources.js';
import FLUX007 from './FLUX007-flux-v1.js';
import { fluxInstall } from './install.js';

export const area: AreaDefinition = {
  id: 'flux',
  title: 'GitOps (Flux)',
  // What the area's install detection reads (the Namespace, and any object listed in it, tells a namespace is there).
  detects: [{ type: R.Namespace }, { type: R.Deployment }, { type: R.ExtensionConfig }, { type: R.FluxConfig }],
  applies(snap) {
    const install = fluxInstall(snap);
    if (install.present) return { applies: true };
    return { applies: false, reason: `Flux v2 is not installed: no ${install.namespace} namespace and no microsoft.flux extension` };
  },
};

export const checks: CheckDefinition[] = [FLUX001, FLUX002, FLUX003, FLUX004, FLUX005, FLUX006, FLUX007];
