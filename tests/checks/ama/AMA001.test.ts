import { describe, expect, it } from 'vitest';
import AMA001 from '../../../src/checks/ama/AMA001-charmed-privileged.js';
import { runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { event, find, healthyObjects } from './fixtures.js';

/** Labels the kubernetes-worker charm puts on its nodes (juju-application on every release, juju-charm on ops charms). */
function charmed(objects: KubeObject[], labels: Record<string, string> = { 'juju-application': 'kubernetes-worker', 'juju-charm': 'kubernetes-worker' }): void {
  for (const n of objects.filter((o) => o.kind === 'Node')) Object.assign(n.metadata.labels!, labels);
}

/** The DaemonSet controller could create no pod: desired 2, current 0, and no pod left. */
function noDaemonSetPods(objects: KubeObject[]): KubeObject[] {
  Object.assign(find(objects, 'DaemonSet', 'ama-logs').status, { currentNumberScheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0, numberUnavailable: 2 });
  return objects.filter((o) => !(o.kind === 'Pod' && o.metadata.labels?.dsName));
}

const CLUSTER_POLICY = 'Error creating: Pod "ama-logs-4hx8t" is invalid: spec.containers[1].securityContext.privileged: Forbidden: disallowed by cluster policy';
const POD_SECURITY =
  'Error creating: pods "ama-logs-kq7zd" is forbidden: violates PodSecurity "baseline:latest": privileged (containers "ama-logs", "ama-logs-prometheus" must not set securityContext.privileged=true), hostPath volumes (volumes "host-root", "host-log", "containerlog-path", "azure-json-path")';

const GATEKEEPER_DENIAL =
  'Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [psp-privileged-container] Privileged container is not allowed: ama-logs, securityContext: {"privileged": true}';

interface Case {
  name: string;
  change: (objects: KubeObject[]) => KubeObject[] | void;
  status: string;
  message: string;
}

const valid: Case[] = [
  { name: 'skips when no node carries juju labels', change: () => undefined, status: 'skip', message: 'not a Charmed Kubernetes cluster' },
  {
    name: 'skips a non-Charmed cluster even when privileged pods are refused (not the guide case)',
    change: (o) => [...noDaemonSetPods(o), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', CLUSTER_POLICY)],
    status: 'skip',
    message: 'no node carries juju labels',
  },
  { name: 'passes on Charmed Kubernetes when ama-logs runs on every node', change: (o) => charmed(o), status: 'pass', message: 'privileged ama-logs pods are allowed (2/2 scheduled)' },
  {
    name: 'passes when the DaemonSet is short of pods for a reason other than privileged mode',
    change: (o) => {
      charmed(o);
      return [...noDaemonSetPods(o), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', 'Error creating: pods "ama-logs-" is forbidden: exceeded quota: pods')];
    },
    status: 'pass',
    message: 'refused, but not for privileged mode',
  },
  {
    name: 'passes when a privileged refusal event is history and every agent runs now',
    change: (o) => {
      charmed(o);
      return [...o, event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', CLUSTER_POLICY, { lastTimestamp: '2026-11-26T11:20:00Z' })];
    },
    status: 'pass',
    message: 'the privileged ama-logs pods run now (2/2 ready); an earlier refusal is history',
  },
  { name: 'skips when the snapshot holds no Node objects to recognise Charmed Kubernetes', change: (o) => o.filter((x) => x.kind !== 'Node'), status: 'skip', message: 'no Node objects in the snapshot' },
];

const invalid: Case[] = [
  {
    name: 'fails when kube-apiserver refuses privileged containers on Charmed Kubernetes',
    change: (o) => {
      charmed(o);
      return [...noDaemonSetPods(o), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', CLUSTER_POLICY)];
    },
    status: 'fail',
    message: 'Charmed Kubernetes (kube-apiserver allow-privileged) refuses the privileged ama-logs pods: Error creating: Pod "ama-logs-4hx8t" is invalid',
  },
  {
    name: 'fails on an events.k8s.io/v1 event from Pod Security admission, recognising juju.io/cloud alone',
    change: (o) => {
      charmed(o, { 'juju.io/cloud': 'ec2' });
      const ev: KubeObject = {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'ama-logs.18a7c3b2d4e5f602', namespace: 'kube-system' },
        regarding: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ama-logs', namespace: 'kube-system' },
        reason: 'FailedCreate',
        note: POD_SECURITY,
        type: 'Warning',
        reportingController: 'daemonset-controller',
        deprecatedCount: 9,
      };
      return [...noDaemonSetPods(o), ev];
    },
    status: 'fail',
    message: 'violates PodSecurity "baseline:latest": privileged',
  },
  {
    name: "fails when ama-logs-rs's ReplicaSet cannot create its privileged pod",
    change: (o) => {
      charmed(o);
      const dep = find(o, 'Deployment', 'ama-logs-rs');
      dep.status = {
        replicas: 0,
        conditions: [
          { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "ama-logs-rs-7c9d8f6b5d-" is forbidden: unable to validate against any pod security policy: [spec.containers[1].securityContext.privileged: Invalid value: true: Privileged containers are not allowed]' },
        ],
      };
      return o.filter((x) => x.metadata.name !== 'ama-logs-rs-7c9d8f6b5d-2lq8r');
    },
    status: 'fail',
    message: 'Privileged containers are not allowed',
  },
  {
    name: 'warns on Charmed Kubernetes when ama-logs created no pod and no event is left to say why',
    change: (o) => {
      charmed(o);
      return noDaemonSetPods(o);
    },
    status: 'warn',
    message: 'ama-logs has created no pod on 2 node(s)',
  },
  {
    name: 'fails naming the Gatekeeper webhook, not Juju, when a policy refuses the privileged pods',
    change: (o) => {
      charmed(o);
      return [...noDaemonSetPods(o), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', GATEKEEPER_DENIAL)];
    },
    status: 'fail',
    message: 'The admission webhook validation.gatekeeper.sh refuses the privileged ama-logs pods',
  },
];

describe('AMA001 ama-logs may run privileged on Charmed Kubernetes', () => {
  for (const c of [...valid, ...invalid]) {
    it(c.name, () => {
      const objects = healthyObjects();
      const changed = c.change(objects) ?? objects;
      const r = runOne(AMA001, snapshotOf(changed));
      expect(r.status).toBe(c.status);
      expect(r.message).toContain(c.message);
    });
  }

  it("gives the guide's juju command and restarts the agents", () => {
    const objects = healthyObjects();
    charmed(objects);
    const r = runOne(AMA001, snapshotOf([...noDaemonSetPods(objects), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', CLUSTER_POLICY)]));
    expect(r.remediation?.commands[0]).toBe('juju config kubernetes-worker allow-privileged=true');
    expect(r.remediation?.commands).toContain('kubectl -n kube-system rollout restart daemonset/ama-logs');
    expect(r.evidence[0]).toMatchObject({ ref: 'v1/Node arc-worker-1', observed: 'juju-application=kubernetes-worker (and 1 more Juju node(s))' });
  });

  it('gives the policy exemption, not the juju command, for a webhook denial', () => {
    const objects = healthyObjects();
    charmed(objects);
    const r = runOne(AMA001, snapshotOf([...noDaemonSetPods(objects), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', GATEKEEPER_DENIAL)]));
    expect(r.remediation?.text).toContain('exempt kube-system');
    expect(r.remediation?.commands.join('\n')).not.toContain('juju config');
  });
});
