// The whole outcome of an OSM001–OSM008 run, for `toEqual` against exact literals (status, message, evidence,
// remediation, notes, fixes, and which objects the findings name).
import type { CheckResult } from '../../../src/engine/report-model.js';

export const AZ = '--resource-group <resource-group> --cluster-name <cluster-name> --cluster-type connectedClusters';
/** restoreControlPlaneCommands without Azure data, for the release in arc-osm-system. */
export const RESTORE = [
  'helm get manifest osm -n arc-osm-system | kubectl apply -n arc-osm-system -f -',
  `az k8s-extension show ${AZ} --name osm`,
  `az k8s-extension delete ${AZ} --name osm --yes`,
  `az k8s-extension create ${AZ} --name osm --extension-type Microsoft.openservicemesh --scope cluster`,
];

export function exact(r: CheckResult) {
  return {
    status: r.status,
    message: r.message,
    evidence: r.evidence,
    remediation: r.remediation,
    notes: r.notes,
    fixes: r.fixes,
    findings: r.findings?.map((f) => `${f.status} ${f.object ? `${f.object.kind} ${f.object.name}` : '-'}`),
  };
}
