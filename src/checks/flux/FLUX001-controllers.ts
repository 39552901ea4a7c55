import type { KubeObject } from '../../snapshot/objects.js';
import { podTroubled } from '../../engine/log-needs.js';
import { refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { defineCheck, error, fromFindings, type Evidence, type Finding } from '../define.js';
import { deploymentReadiness, podReadiness, podsOf } from '../shared/workloads.js';
import { azCoordinates, azExtensionArgs } from './az.js';
import { AZURE_EXTENSION } from './constants.js';
import { CORE_CONTROLLERS, EXTENSION_AGENTS, IMAGE_CONTROLLERS, expectedControllers, fluxInstall, type ExpectedController, type FluxInstall } from './install.js';
import { diagnosePod, isStuck } from './pod-diagnosis.js';

const CONTROLLER_APP_LABELS = [...CORE_CONTROLLERS, ...EXTENSION_AGENTS, ...IMAGE_CONTROLLERS];

export default defineCheck({
  id: 'FLUX001',
  area: 'flux',
  title: 'Flux controllers and microsoft.flux agents are available',
  guide: 'Erros ao instalar a extensão microsoft.flux',
  reads: [{ type: R.Deployment }, { type: R.Pod }, { type: R.CustomResourceDefinition }, { type: R.ExtensionConfig }, { type: R.FluxConfig }],
  // Any namespace: the release namespace is the extension's choice; both gotk and microsoft.flux pods carry `app: <name>`.
  // Quoted under a crashing controller only: the verdict comes from the Deployments and pods.
  logs: [{ selector: `app in (${CONTROLLER_APP_LABELS.join(',')})`, tailLines: 20, decisive: false, when: (pod) => podTroubled(pod) }],
  azure: [AZURE_EXTENSION],
  fixable: false,
  run(snap) {
    const install = fluxInstall(snap);
    if (snap.list(R.Deployment).length === 0 && snap.list(R.Pod).length === 0) {
      return error(`the snapshot holds no Deployments or Pods at all, so whether the Flux controllers in ${install.namespace} exist cannot be told`);
    }
    const expected = expectedControllers(snap, install);
    const findings = expected.flatMap((c) => controllerFindings(snap, install, c));
    const kind = install.microsoftFlux ? `microsoft.flux${install.extension?.version ? ' ' + install.extension.version : ''}` : 'Flux (upstream install)';
    return fromFindings(findings, {
      pass: `${expected.length} ${kind} deployments available in ${install.namespace}: ${expected.map((c) => c.name).join(', ')}`,
      remediation: install.microsoftFlux
        ? 'Fix each reason below; if the extension itself is broken, follow the guide: force-delete the extension, uninstall the Helm release, delete the namespace and re-create it.'
        : 'Fix each reason below, then check with `flux check`.',
    });
  },
});

function controllerFindings(snap: Snapshot, install: FluxInstall, c: ExpectedController): Finding[] {
  const ns = install.namespace;
  const dep = snap.get(R.Deployment, ns, c.name);
  if (!dep) return [missingFinding(install, c)];
  const readiness = deploymentReadiness(dep);
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: c.name };
  const depEvidence: Evidence = { ref: refString(dep), path: 'status.readyReplicas', observed: `${readiness.readyColumn} ready${readiness.reason ? ' (' + readiness.reason + ')' : ''}`, expected: `${readiness.desired}/${readiness.desired} ready` };
  if (readiness.healthy) {
    // Still serving from its old replicas, but a new pod (an upgrade, a reschedule) cannot start: the catalog counts it.
    return podsOf(snap, dep).filter(isStuck).map((pod) => podFinding(snap, pod, c.name, ns, object, depEvidence, 'still available from its other replicas, but '));
  }
  const unhealthy = podsOf(snap, dep).filter((p) => {
    const r = podReadiness(p);
    return !r.healthy && !r.evicted && r.phase !== 'Succeeded' && r.phase !== 'Failed' && r.statusColumn !== 'Terminating';
  });
  if (unhealthy.length === 0) {
    const why = readiness.reason ?? 'no pod of it is running';
    return [{
      status: 'fail',
      object,
      message: `deployment ${c.name} is not available (${readiness.readyColumn} ready): ${why}`,
      evidence: [depEvidence],
      commands: [`kubectl describe deployment ${c.name} -n ${ns}`, `kubectl get events -n ${ns} --sort-by=.lastTimestamp`],
    }];
  }
  return unhealthy.map((pod) => podFinding(snap, pod, c.name, ns, object, depEvidence));
}

function podFinding(snap: Snapshot, pod: KubeObject, deployment: string, ns: string, object: Finding['object'], depEvidence: Evidence, prefix = ''): Finding {
  const d = diagnosePod(snap, pod);
  return {
    status: 'fail',
    object,
    message: `deployment ${deployment}: ${prefix}${d.summary} — ${d.hint}`,
    evidence: [depEvidence, ...d.evidence],
    commands: [`kubectl describe pod ${pod.metadata.name} -n ${ns}`, `kubectl logs ${pod.metadata.name} -n ${ns} --all-containers --previous`],
  };
}

function missingFinding(install: FluxInstall, c: ExpectedController): Finding {
  const ns = install.namespace;
  const commands = install.microsoftFlux
    ? [
        `az k8s-extension show ${azExtensionArgs(azCoordinates(install.extension))}`,
        `kubectl get deployments -n ${ns}`,
        `kubectl get events -n ${ns} --sort-by=.lastTimestamp`,
      ]
    : ['flux check', c.name.startsWith('image-') ? `flux install --components-extra=${c.name}` : 'flux install   # re-applies the missing controllers of the installed version'];
  return {
    status: 'fail',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: c.name },
    message: `deployment ${c.name} is missing from ${ns} (${c.why})`,
    evidence: [{ ref: `apps/v1/Deployment ${ns}/${c.name}`, path: 'metadata.name', observed: 'absent', expected: `present (${c.why})` }],
    commands,
  };
}
