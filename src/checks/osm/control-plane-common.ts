// What OSM001–OSM008 share: the component being checked in its release namespace, the "not in the snapshot"
// outcome, and the log tail of a failing pod with what known signatures in it mean.
import { error, type CheckOutcome, type Evidence } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { logTail } from '../shared/workloads.js';
import type { Version } from '../shared/versions.js';
import type { ControlPlaneComponent } from './control-plane.js';
import { osmInstall, type OsmInstall } from './install.js';
import { logHints, type LogHint } from './log-hints.js';

export interface ComponentScope {
  install: OsmInstall;
  component: ControlPlaneComponent;
  /** The release namespace (arc-osm-system unless the extension says otherwise). */
  ns: string;
}

/** Deployments labelled with the component's app, plus the one with its name if its labels were changed. */
export function componentDeployments(snap: Snapshot, scope: ComponentScope): KubeObject[] {
  const { ns, component: c } = scope;
  const selected = snap.list(R.Deployment, { namespace: ns, selector: `app=${c.app}` });
  const named = snap.get(R.Deployment, ns, c.deployment);
  return named && !selected.includes(named) ? [...selected, named] : selected;
}

/**
 * A rollout is under way: the Deployment has not yet observed its latest spec, or some of its pods are not
 * from the newest template. A new pod that is only starting then is the rollout, not a fault.
 */
export function rolloutInProgress(dep: KubeObject): boolean {
  const s = dep.status ?? {};
  const generation = Number(dep.metadata.generation ?? 0);
  const observed = Number(s.observedGeneration ?? generation);
  const replicas = Number(s.replicas ?? 0);
  const updated = Number(s.updatedReplicas ?? 0);
  const progressing = Array.isArray(s.conditions) && s.conditions.some((x: { type?: string; reason?: string }) => x?.type === 'Progressing' && x?.reason === 'ReplicaSetUpdated');
  return observed < generation || updated < replicas || progressing;
}

export function componentScope(snap: Snapshot, pick: (version?: Version) => ControlPlaneComponent): ComponentScope {
  const install = osmInstall(snap);
  return { install, component: pick(install.version), ns: install.namespace };
}

/**
 * A snapshot without a single object of a kind was not collected with it (every cluster has Deployments,
 * Pods, Services and Endpoints in kube-system/default): absence then proves nothing.
 */
export function notCollected(kinds: string, what: string, command: string): CheckOutcome {
  return error(`the snapshot holds no ${kinds} at all, so whether ${what} is there cannot be told; add the output of \`${command}\``);
}

export function versionSuffix(scope: ComponentScope): string {
  const v = scope.install.version;
  return v ? ` (OSM ${v.raw.startsWith('v') ? v.raw : 'v' + v.raw})` : '';
}

export interface LogFindings {
  evidence?: Evidence;
  hints: LogHint[];
}

/** The last lines the component's container printed in this pod (current instance, else the previous one). */
export function componentLogs(snap: Snapshot, pod: KubeObject, scope: ComponentScope, lines = 10): LogFindings {
  const tail = logTail(snap, pod, scope.component.container, lines);
  if (!tail || tail.length === 0) return { hints: [] };
  return {
    evidence: { ref: refString(pod), path: `logs (container ${scope.component.container}, last ${tail.length} lines)`, observed: tail.join('\n') },
    hints: logHints(tail),
  };
}

/** `kubectl logs` commands for the component, the guide's first, then the crashed instance's. */
export function logCommands(scope: ComponentScope, crashed: boolean): string[] {
  const { ns, component: c } = scope;
  const cmds = [`kubectl logs -n ${ns} -l app=${c.app}`];
  if (crashed) cmds.push(`kubectl logs -n ${ns} -l app=${c.app} -c ${c.container} --previous`);
  return cmds;
}

export function hintText(hints: LogHint[]): string {
  return hints.length ? ` The log says: ${hints.map((h) => h.meaning).join('; ')}.` : '';
}
