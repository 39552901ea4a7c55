// OSM002 / OSM006: at least one pod of the component is READY and Running. Leftovers of replaced pods
// (Evicted, node shutdown) beside a healthy one are fine, as the guide's own healthy output shows.
import { fail, fromFindings, type CheckOutcome, type Evidence, type Finding } from '../define.js';
import { refOf, refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { podReadiness, type PodReadiness } from '../shared/workloads.js';
import { componentDeployments, componentLogs, hintText, logCommands, notCollected, rolloutInProgress, type ComponentScope } from './control-plane-common.js';
import { isChartContainer } from './control-plane.js';
import { leaveMeshFixes } from './leave-mesh.js';

interface PodState {
  pod: KubeObject;
  state: PodReadiness;
}

/** A pod that ended (Evicted, Failed, Succeeded) or is being deleted: its ReplicaSet has replaced it. */
function isLeftover(p: PodState): boolean {
  return p.state.phase === 'Failed' || p.state.phase === 'Succeeded' || Boolean(p.pod.metadata.deletionTimestamp);
}

export function evaluatePods(snap: Snapshot, scope: ComponentScope, now?: Date): CheckOutcome {
  const { ns, component: c } = scope;
  if (!snap.knowsType(R.Pod)) return notCollected('Pods', `an ${c.app} pod`, `kubectl get pods -n ${ns} -o yaml`);
  const pods: PodState[] = snap.list(R.Pod, { namespace: ns, selector: `app=${c.app}` }).map((pod) => ({ pod, state: podReadiness(pod) }));
  if (pods.length === 0) return noPods(scope, componentDeployments(snap, scope).length > 0);
  const healthy = pods.filter((p) => p.state.healthy);
  const leftovers = pods.filter((p) => !p.state.healthy && isLeftover(p));
  const live = pods.filter((p) => !isLeftover(p));
  const sidecars = live.flatMap((p) => sidecarFinding(scope, p) ?? []);
  // The controller's envoy comes from its namespace joining the mesh: leave it (OSM013's fix), then restart.
  const nsObject = snap.get(R.Namespace, undefined, ns);
  if (c.role === 'controller' && now && nsObject && sidecars.some((f) => f.commands?.some((x) => x.includes('monitored-by-')))) sidecars[0].fixes = leaveMeshFixes(nsObject, now);
  if (healthy.length === 0) return fromFindings([...noHealthyPod(snap, scope, pods, live), ...sidecars], { pass: '', remediation: failingText(scope) });
  const rolling = componentDeployments(snap, scope).some(rolloutInProgress);
  const starting = rolling ? live.filter((p) => !p.state.healthy && isStarting(p)) : [];
  const unhealthy = live.filter((p) => !p.state.healthy && !starting.includes(p)).map((p) => unhealthyBesideHealthy(snap, scope, p));
  const notes = [
    ...(leftovers.length ? [`${leftovers.map((p) => `${p.pod.metadata.name} (${p.state.statusColumn})`).join(', ')}: replaced pod(s) left behind; delete them with kubectl delete pod -n ${ns} NAME if you like`] : []),
    ...(starting.length ? [`${starting.map(describe).join('; ')}: new pod(s) of the rollout in progress, still starting; check again once the rollout ends (kubectl rollout status deployment ${c.deployment} -n ${ns})`] : []),
  ];
  return fromFindings([...unhealthy, ...sidecars], {
    pass: passMessage(healthy, leftovers),
    remediation: `One ${c.app} pod serves; the others are not healthy or carry sidecars. Read their events and logs.`,
    notes: notes.length ? notes : undefined,
  });
}

const STARTING_REASONS = new Set(['ContainerCreating', 'PodInitializing']);

/** Not ready only because it is new: never restarted, nothing terminated, no waiting reason beyond creation. */
function isStarting(p: PodState): boolean {
  const { state } = p;
  if (state.restarts > 0 || state.unschedulableMessage || !['Running', 'Pending'].includes(state.phase)) return false;
  return state.containers.every((x) => !x.lastTerminationReason && (!x.reason || STARTING_REASONS.has(x.reason) || (x.init && x.reason === 'Completed')));
}

function describe(p: PodState): string {
  return `${p.pod.metadata.name} READY ${p.state.readyColumn} ${p.state.statusColumn}, ${p.state.restarts} restarts${lastTermination(p.state)}`;
}

/** `, last terminated OOMKilled`: why a crash-looping container died, which its waiting reason hides. */
export function lastTermination(state: PodReadiness): string {
  const c = state.containers.find((x) => !x.init && !x.ready && x.lastTerminationReason);
  return c ? `, last terminated ${c.lastTerminationReason}` : '';
}

function passMessage(healthy: PodState[], leftovers: PodState[]): string {
  const ok = healthy.map(describe).join('; ');
  if (leftovers.length === 0) return ok;
  const what = [...new Set(leftovers.map((p) => p.state.statusColumn))].join('/');
  return `${ok}; the ${what} pod${leftovers.length > 1 ? 's' : ''} beside ${healthy.length > 1 ? 'them' : 'it'} (${leftovers.map((p) => p.pod.metadata.name).join(', ')}) ${leftovers.length > 1 ? 'are' : 'is'} fine: a healthy replica replaced ${leftovers.length > 1 ? 'them' : 'it'}`;
}

function failingText(scope: ComponentScope): string {
  const c = scope.component;
  const impact = c.role === 'controller' ? 'the OSM control plane is failing (the guide: READY 0/1 means the control-plane container is failing)' : 'no pod serves the sidecar-injection webhook, so pods in meshed namespaces cannot be created';
  return `No ${c.app} pod is READY and Running: ${impact}. Read the pod's events and the ${c.container} log, fix the cause, then let the Deployment replace the pod.`;
}

function noPods(scope: ComponentScope, hasDeployment: boolean): CheckOutcome {
  const { ns, component: c } = scope;
  const why = hasDeployment ? `its Deployment cannot create pods` : `the ${c.deployment} Deployment itself is missing (see OSM${c.role === 'controller' ? '001' : '005'})`;
  return fail(`no ${c.app} pods in ${ns}: ${why}`, {
    evidence: [{ ref: `v1/Pod ${ns}`, path: `pods with label app=${c.app}`, observed: 'none', expected: 'at least one pod READY 1/1 Running' }],
    remediation: {
      text: `Find out why the ${c.deployment} Deployment has no pods (its ReplicaSet's FailedCreate events name the reason: quota, admission policy, missing service account), or restore the Deployment (OSM${c.role === 'controller' ? '001' : '005'}).`,
      commands: [`kubectl describe deployment ${c.deployment} -n ${ns}`, `kubectl get events -n ${ns} --sort-by=.lastTimestamp`],
    },
  });
}

function podEvidence(p: PodState): Evidence {
  const waiting = p.state.containers.find((x) => !x.ready && (x.reason || x.lastTerminationReason));
  // A restarted container that runs again but is not ready has no waiting reason, only its last termination.
  const why = waiting ? [waiting.reason, waiting.lastTerminationReason && `last terminated ${waiting.lastTerminationReason}`].filter(Boolean).join(', ') : '';
  const detail = waiting ? ` (container ${waiting.name}: ${why}${waiting.message ? `: ${waiting.message}` : ''})` : '';
  return {
    ref: refString(p.pod),
    path: 'status.containerStatuses',
    observed: `READY ${p.state.readyColumn} ${p.state.statusColumn}, ${p.state.restarts} restarts${detail}${p.state.unschedulableMessage ? `; ${p.state.unschedulableMessage}` : ''}`,
    expected: `READY ${p.state.total}/${p.state.total} Running`,
  };
}

function noHealthyPod(snap: Snapshot, scope: ComponentScope, pods: PodState[], live: PodState[]): Finding[] {
  const { ns, component: c } = scope;
  if (live.length === 0) {
    return [{
      status: 'fail',
      message: `no ${c.app} pod is running: only replaced pods are left (${pods.map((p) => `${p.pod.metadata.name} ${p.state.statusColumn}`).join(', ')})`,
      evidence: pods.map(podEvidence),
      commands: [`kubectl describe deployment ${c.deployment} -n ${ns}`, `kubectl get events -n ${ns} --sort-by=.lastTimestamp`],
    }];
  }
  const prefix = c.role === 'controller' ? 'the OSM control plane is failing: ' : '';
  return live.map((p) => {
    const logs = componentLogs(snap, p.pod, scope);
    return {
      status: 'fail' as const,
      object: refOf(p.pod),
      message: `${prefix}${describe(p)}.${hintText(logs.hints)}`,
      evidence: [podEvidence(p), ...(logs.evidence ? [logs.evidence] : [])],
      commands: [`kubectl describe pod ${p.pod.metadata.name} -n ${ns}`, ...logCommands(scope, p.state.restarts > 0)],
    };
  });
}

function unhealthyBesideHealthy(snap: Snapshot, scope: ComponentScope, p: PodState): Finding {
  const logs = componentLogs(snap, p.pod, scope);
  return {
    status: 'warn',
    object: refOf(p.pod),
    message: `${describe(p)} beside a healthy replica.${hintText(logs.hints)}`,
    evidence: [podEvidence(p), ...(logs.evidence ? [logs.evidence] : [])],
    commands: [`kubectl describe pod ${p.pod.metadata.name} -n ${scope.ns}`, ...logCommands(scope, p.state.restarts > 0)],
  };
}

/** The guide: a READY denominator above 1 means sidecars are attached, and the controller does not work well with them. */
function sidecarFinding(scope: ComponentScope, p: PodState): Finding | undefined {
  // A hand-made snapshot may hold a null entry (a bare `-` in YAML): it is no container.
  const containers: Array<{ name?: string; image?: string }> = (Array.isArray(p.pod.spec?.containers) ? p.pod.spec.containers : []).filter((x: unknown) => x && typeof x === 'object');
  const extra = containers.filter((x) => !isChartContainer(scope.component, x));
  if (extra.length === 0) return undefined;
  const { ns, component: c } = scope;
  const envoy = extra.some((x) => x.name === 'envoy' || /envoy/.test(x.image ?? ''));
  const listed = extra.map((x) => `${x.name}${x.image ? ` (${x.image})` : ''}`).join(', ');
  return {
    status: 'warn',
    object: refOf(p.pod),
    message: `${p.pod.metadata.name} runs sidecar container(s) ${listed} beside ${c.container}: the OSM ${c.role} does not work properly with sidecars attached`,
    evidence: [{ ref: refString(p.pod), path: 'spec.containers', observed: containers.map((x) => x.name).join(', '), expected: c.container }],
    commands: [
      `kubectl get namespace ${ns} --show-labels`,
      ...(envoy ? [`kubectl label namespace ${ns} openservicemesh.io/monitored-by-`, `kubectl annotate namespace ${ns} openservicemesh.io/sidecar-injection-`] : []),
      `kubectl rollout restart deployment ${c.deployment} -n ${ns}`,
    ],
  };
}
