import { defineCheck, error, fromFindings, type Finding, type FixAction } from '../define.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { notCollectedMessage } from './coverage.js';
import { osmInstall } from './install.js';
import { SMI_CRDS, applyCommand, applyCrdFix, releaseBranch, servedVersions, versionsKnownFor } from './smi.js';

export default defineCheck({
  id: 'OSM015',
  area: 'osm',
  title: 'SMI CRDs exist and serve the versions of the installed OSM release',
  guide: 'Verificar os CRDs do SMI',
  reads: [{ type: R.CustomResourceDefinition }, { type: R.Deployment }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap) {
    // OSM installs CRDs of its own (meshconfigs, egresses…): a snapshot without a single CRD did not collect them.
    if (!snap.knowsType(R.CustomResourceDefinition)) return error(notCollectedMessage('CustomResourceDefinition', 'kubectl get crds -o yaml'));
    const install = osmInstall(snap);
    const known = versionsKnownFor(install.version);
    const findings: Finding[] = [];
    const ok: string[] = [];
    for (const smi of SMI_CRDS) {
      const crd = snap.get(R.CustomResourceDefinition, undefined, smi.name);
      const command = applyCommand(smi, install.version);
      if (!crd) {
        findings.push({
          status: 'fail',
          object: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: smi.name },
          message: `CRD ${smi.name} (${smi.kind}) is missing`,
          evidence: [{ ref: `apiextensions.k8s.io/v1/CustomResourceDefinition ${smi.name}`, path: 'metadata.name', observed: 'not found', expected: known ? `${smi.name} serving ${smi.servedVersion}` : smi.name }],
          commands: [command],
          fixes: fixOf(applyCrdFix(smi, known ? install.version : undefined, undefined)),
        });
        continue;
      }
      const served = servedVersions(crd);
      const wanted = known ? smi.servedVersion : undefined;
      if ((wanted && !served.includes(wanted)) || served.length === 0) {
        findings.push({
          status: 'fail',
          object: refOf(crd),
          message: `CRD ${smi.name} serves ${served.join(', ') || 'no version'}, not ${wanted ?? 'any version'}`,
          evidence: [{ ref: refString(crd), path: 'spec.versions[*].served', observed: served.join(', ') || 'none', expected: wanted ?? 'at least one served version' }],
          commands: [command],
          fixes: fixOf(applyCrdFix(smi, known ? install.version : undefined, crd)),
        });
        continue;
      }
      ok.push(`${smi.kind} ${wanted ?? served.join('/')}`);
    }
    const scope = known ? `OSM ${install.version!.raw} (${releaseBranch(install.version)})` : `OSM ${install.version?.raw ?? 'version unknown'}: presence only`;
    return fromFindings(findings, {
      pass: `${ok.join(', ')} served, as ${scope} expects`,
      remediation: `Apply the SMI CRDs of ${releaseBranch(install.version)}, the release that is installed; the OSM release notes list CRD changes between releases.`,
    });
  },
});

function fixOf(f: FixAction | undefined): FixAction[] | undefined {
  return f ? [f] : undefined;
}
