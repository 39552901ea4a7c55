import { R } from '../../snapshot/resources.js';
import { defineCheck, fail, pass, warn, type Evidence } from '../define.js';
import { compareVersions } from '../shared/versions.js';
import { azCoordinates, azExtensionArgs } from './az.js';
import { AZURE_EXTENSION, AZURE_MANAGED_CLUSTER, LATEST_KNOWN_FLUX_EXTENSION } from './constants.js';
import { fluxInstall } from './install.js';
import { tokenLogWorthReading } from './log-needs.js';
import { agentPods, podIdentityTraces, tokenErrors } from './pod-identity.js';

export default defineCheck({
  id: 'FLUX004',
  area: 'flux',
  title: 'AAD Pod Identity does not intercept the extension agent’s token',
  guide: 'Erros ao instalar a extensão microsoft.flux em um cluster com a Identidade do Pod do Microsoft Entra habilitada',
  reads: [{ type: R.DaemonSet }, { type: R.Deployment }, { type: R.CustomResourceDefinition }, { type: R.Pod }, { type: R.ExtensionConfig }],
  // Decisive: the interception shows only in the agents' logs; read where AAD Pod Identity runs or the extension failed.
  // azure-arc holds only Arc agents, so all of them; in kube-system (AKS) only the extension manager's pods.
  logs: [
    { selector: 'app=fluxconfig-agent', tailLines: 200, decisive: true, when: tokenLogWorthReading },
    { namespace: 'azure-arc', selector: '', tailLines: 200, decisive: true, when: tokenLogWorthReading },
    { namespace: 'kube-system', selector: 'app in (extension-agent,extension-operator)', tailLines: 200, decisive: true, when: tokenLogWorthReading },
    { namespace: 'kube-system', selector: 'app.kubernetes.io/name in (extension-agent,extension-operator)', tailLines: 200, decisive: true, when: tokenLogWorthReading },
    { namespace: 'kube-system', selector: 'app.kubernetes.io/component in (extension-agent,extension-operator)', tailLines: 200, decisive: true, when: tokenLogWorthReading },
  ],
  azure: [AZURE_EXTENSION, AZURE_MANAGED_CLUSTER],
  fixable: false,
  run(snap) {
    const install = fluxInstall(snap);
    const traces = podIdentityTraces(snap);
    if (traces.length === 0) return pass('AAD Pod Identity is not installed (no NMI DaemonSet, MIC or aadpodidentity.k8s.io CRDs)');
    const identity: Evidence[] = traces.map((t) => ({ ref: t.ref, observed: t.what }));
    const hits = tokenErrors(snap, agentPods(snap, install.namespace));
    const statusText = install.extension ? JSON.stringify(install.extension.resource ?? install.extension.object?.status ?? {}) : '';
    const notPopulated = /status not populated/i.test(statusText);
    const az = azExtensionArgs(azCoordinates(install.extension));
    const latest = LATEST_KNOWN_FLUX_EXTENSION.version;
    const upgrade = [`az k8s-extension update ${az} --version ${latest}`, `az k8s-extension update ${az} --auto-upgrade-minor-version true`];
    if (hits.length > 0 || notPopulated) {
      const evidence: Evidence[] = [
        ...identity,
        ...hits.map((h) => ({ ref: `v1/Pod ${h.pod.metadata.namespace}/${h.pod.metadata.name}`, path: `logs ${h.container}`, observed: h.line, expected: 'the agent gets its token from IMDS' })),
      ];
      if (notPopulated) evidence.push({ ref: `extension ${install.extension?.name}`, path: 'statuses / errorInfo', observed: 'status not populated', expected: 'provisioningState Succeeded' });
      const signal = hits.length ? `the agent pod ${hits[0].pod.metadata.namespace}/${hits[0].pod.metadata.name} logs "no azure identity found for request clientID"` : `the extension status says "status not populated"`;
      return fail(`AAD Pod Identity is intercepting the extension agent's token request: ${signal}`, {
        evidence,
        remediation: { text: `NMI answers the agent's IMDS token request instead of Azure. Upgrade microsoft.flux to the latest version (${latest} known on ${LATEST_KNOWN_FLUX_EXTENSION.seen}), or turn on auto-upgrade.`, commands: upgrade },
      });
    }
    const version = install.extension?.version;
    if (version && (compareVersions(version, latest) ?? 0) < 0) {
      return warn(`AAD Pod Identity is installed and microsoft.flux ${version} is older than ${latest}: its agent's token requests may be intercepted`, {
        evidence: [...identity, { ref: `extension ${install.extension?.name}`, path: 'version', observed: version, expected: `>= ${latest}` }],
        remediation: { text: 'Upgrade the extension before it fails to get its token.', commands: upgrade },
      });
    }
    return pass(`AAD Pod Identity is installed, but no agent logs a token interception${version ? ` and microsoft.flux ${version} is current` : ''}`, { evidence: identity });
  },
});
