// The pod row kubectl prints (printPod): READY counts ready containers, STATUS is the phase overridden by the
// pod's reason (Evicted), init progress, a waiting/terminated container reason, or Terminating.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../snapshot/objects.js';
import { since } from './humanize.js';
import { col, type Column, type Printer } from './columns.js';

const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

export function podColumns(name: Column, age: Column): Printer {
  return {
    columns: [name, col('Ready'), col('Status'), col('Restarts', 'string'), age, col('IP', 'string', 1), col('Node', 'string', 1), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    cells: (o, now) => {
      const s = podState(o);
      const gates = arr(o.spec?.readinessGates);
      const gateCell = gates.length
        ? `${gates.filter((g) => arr(o.status?.conditions).some((c) => c?.type === g?.conditionType && c?.status === 'True')).length}/${gates.length}`
        : '<none>';
      const restarts = s.restarts !== 0 && s.lastRestart ? `${s.restarts} (${since(s.lastRestart, now)} ago)` : String(s.restarts);
      return [
        o.metadata.name,
        `${s.ready}/${s.total}`,
        s.reason,
        restarts,
        since(o.metadata.creationTimestamp, now),
        o.status?.podIP || '<none>',
        o.spec?.nodeName || '<none>',
        o.status?.nominatedNodeName || '<none>',
        gateCell,
      ];
    },
  };
}

interface PodState {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart?: string;
}

function isRestartableInit(c: any): boolean {
  return c?.restartPolicy === 'Always';
}

function podState(pod: KubeObject): PodState {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const total = arr(spec.containers).length + arr(spec.initContainers).filter(isRestartableInit).length;
  const tally: Tally = { ready: 0, restarts: 0, reason: status.reason || status.phase || '' };
  if (arr(status.conditions).some((c) => c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated')) tally.reason = 'SchedulingGated';
  const initializing = tallyInitContainers(pod, tally);
  const initialized = arr(status.conditions).some((c) => c?.type === 'Initialized' && c?.status === 'True');
  if (!initializing || initialized) tallyContainers(pod, tally);
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') tally.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') tally.reason = 'Terminating';
  return { ...tally, total };
}

/** What printPod accumulates while walking the container statuses. */
type Tally = Omit<PodState, 'total'>;

function noteRestarts(tally: Tally, cs: any): void {
  tally.restarts += Number(cs?.restartCount ?? 0);
  const finished = cs?.lastState?.terminated?.finishedAt;
  if (finished && (!tally.lastRestart || Date.parse(finished) > Date.parse(tally.lastRestart))) tally.lastRestart = finished;
}

/** The init containers in order; true when one of them still holds the pod back (its `Init:` reason is set). */
function tallyInitContainers(pod: KubeObject, tally: Tally): boolean {
  const initSpecs = arr(pod.spec?.initContainers);
  const specByName = new Map<string, any>(initSpecs.map((c) => [c?.name, c]));
  const initStatuses = arr(pod.status?.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    noteRestarts(tally, cs);
    const term = cs?.state?.terminated;
    const waiting = cs?.state?.waiting;
    if (term && term.exitCode === 0) continue;
    // A sidecar (restartable init container) that has started counts like a regular container.
    if (isRestartableInit(specByName.get(cs?.name)) && cs?.started) {
      if (cs?.ready) tally.ready++;
      continue;
    }
    if (term) tally.reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') tally.reason = `Init:${waiting.reason}`;
    else tally.reason = `Init:${i}/${initSpecs.length}`;
    return true;
  }
  return false;
}

/** The regular containers, last to first as kubectl walks them, so the first container's reason wins. */
function tallyContainers(pod: KubeObject, tally: Tally): void {
  // kubectl counts only the regular containers' restarts once the pod is past its init phase.
  tally.restarts = 0;
  let hasRunning = false;
  const statuses = arr(pod.status?.containerStatuses);
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i];
    noteRestarts(tally, cs);
    const waiting = cs?.state?.waiting;
    const term = cs?.state?.terminated;
    if (waiting?.reason) tally.reason = waiting.reason;
    else if (term?.reason) tally.reason = term.reason;
    else if (term) tally.reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
    else if (cs?.ready && cs?.state?.running) {
      hasRunning = true;
      tally.ready++;
    }
  }
  if (tally.reason === 'Completed' && hasRunning) {
    tally.reason = arr(pod.status?.conditions).some((c) => c?.type === 'Ready' && c?.status === 'True') ? 'Running' : 'NotReady';
  }
}
