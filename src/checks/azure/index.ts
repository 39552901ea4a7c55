// The Azure area: its applicability and its checks, in catalog order.
import type { AreaDefinition, CheckDefinition } from '../define.js';
import AZ001 from './AZ001-providers-registered.js';
import AZ002 from './AZ002-aks-extension-manager.js';
import AZ003 from './AZ003-extensions-healthy.js';
import AZ004 from './AZ004-flux-configurations-compliant.js';
import AZ005 from './AZ005-flux-v1-configurations.js';

export const HOW_TO_ENABLE_AZURE =
  'no Azure data: log in (az login) and pass --azure-subscription/--resource-group/--cluster/--cluster-type, or put az CLI JSON under azure/ in the snapshot';

export const area: AreaDefinition = {
  id: 'azure',
  title: 'Azure',
  // Azure reads are judged by the area itself (azureFailures), not by cluster lists.
  detects: [],
  applies(snap) {
    if (snap.hasAzureData()) return { applies: true };
    // Azure as a whole could not be read (no login, cluster resource not found): one line says why.
    const whole = snap.azureFailures.find((f) => f.armType === '*');
    if (whole) return { applies: false, reason: whole.message };
    // Some reads were refused: the checks run and end in error naming what was refused.
    if (snap.azureFailures.length > 0) return { applies: true };
    return { applies: false, reason: HOW_TO_ENABLE_AZURE };
  },
};

export const checks: CheckDefinition[] = [AZ001, AZ002, AZ003, AZ004, AZ005];
