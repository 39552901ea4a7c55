// The Azure Monitor Container Insights area: its applicability and its checks, in catalog order.
import { R } from '../../snapshot/resources.js';
import type { AreaDefinition, CheckDefinition } from '../define.js';
import AMA001 from './AMA001-charmed-privileged.js';
import AMA002 from './AMA002-oracle-linux-iptables.js';
import AMA003 from './AMA003-agents-available.js';
import { amaInstall } from './install.js';

export const area: AreaDefinition = {
  id: 'ama',
  title: 'Azure Monitor Container Insights',
  // What the area's install detection reads (the Namespace, and any object listed in it, tells a namespace is there).
  detects: [{ type: R.DaemonSet }, { type: R.Deployment }, { type: R.Pod }, { type: R.ExtensionConfig }],
  applies(snap) {
    if (amaInstall(snap).present) return { applies: true };
    return { applies: false, reason: 'Container Insights is not installed: no ama-logs workload and no microsoft.azuremonitor.containers extension' };
  },
};

export const checks: CheckDefinition[] = [AMA001, AMA002, AMA003];
