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

export function podState(pod: KubeObject): PodState {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = new Map<string, any>(arr(spec.initContainers).map((c) => [c?.name, c]));
  let total = arr(spec.containers).length + arr(spec.initContainers).filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart: string | undefined;
  let reason: string = status.reason || status.phase || '';
  if (arr(status.conditions).some((c) => c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const noteRestart = (cs: any) => {
    const finished = cs?.lastState?.terminated?.finishedAt;
    if (finished && (!lastRestart || Date.parse(finished) > Date.parse(lastRestart))) lastRestart = finished;
  };

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += Number(cs?.restartCount ?? 0);
    noteRestart(cs);
    const term = cs?.state?.terminated;
    const waiting = cs?.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (isRestartableInit(initSpecs.get(cs?.name)) && cs?.started) {
      if (cs?.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${arr(spec.initContainers).length}`;
    initializing = true;
    break;
  }
  const initialized = arr(status.conditions).some((c) => c?.type === 'Initialized' && c?.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += Number(cs?.restartCount ?? 0);
      noteRestart(cs);
      const waiting = cs?.state?.waiting;
      const term = cs?.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs?.ready && cs?.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = arr(status.conditions).some((c) => c?.type === 'Ready' && c?.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  total = Math.max(total, 0);
  return { ready, total, reason, restarts, lastRestart };
}
