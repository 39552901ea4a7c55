// Whole outcomes of AMA001 (status, message, evidence, remediation), each refusal mechanism and each side of
// each split: a substring assertion would let a lost evidence line, a wrong command or a wrong owner pass.
import { describe, expect, it } from 'vitest';
import AMA001 from '../../../src/checks/ama/AMA001-charmed-privileged.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { event, find, healthyObjects, variation } from './fixtures.js';

const run = (objects: KubeObject[]) => AMA001.run(snapshotOf(objects), { now: NOW, catalog: [] });

function charmed(objects: KubeObject[], labels: Record<string, string> = { 'juju-application': 'kubernetes-worker', 'juju-charm': 'kubernetes-worker' }): KubeObject[] {
  for (const n of objects.filter((o) => o.kind === 'Node')) Object.assign(n.metadata.labels!, labels);
  return objects;
}

function noDaemonSetPods(objects: KubeObject[]): KubeObject[] {
  Object.assign(find(objects, 'DaemonSet', 'ama-logs').status, { currentNumberScheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0, numberUnavailable: 2 });
  return objects.filter((o) => !(o.kind === 'Pod' && o.metadata.labels?.dsName));
}

/** A FailedCreate event about the DaemonSet (or another subject), with its own name and time. */
function refusal(message: string, n = 1, subject = { kind: 'DaemonSet', name: 'ama-logs' }, reason = 'FailedCreate'): KubeObject {
  return event(subject, reason, message, {
    metadata: { name: `${subject.name}.18a7c3b2d4e5f60${n}`, namespace: 'kube-system' },
    lastTimestamp: `2026-11-26T11:5${n}:00Z`,
    count: n + 2,
  });
}

const CLUSTER_POLICY = 'Error creating: Pod "ama-logs-4hx8t" is invalid: spec.containers[1].securityContext.privileged: Forbidden: disallowed by cluster policy';
const POD_SECURITY =
  'Error creating: pods "ama-logs-kq7zd" is forbidden: violates PodSecurity "baseline:latest": privileged (containers "ama-logs", "ama-logs-prometheus" must not set securityContext.privileged=true)';
const PSP = 'Error creating: pods "ama-logs-rs-7c9d8f6b5d-" is forbidden: unable to validate against any pod security policy: [spec.containers[1].securityContext.privileged: Invalid value: true: Privileged containers are not allowed]';
const GATEKEEPER = 'Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [psp-privileged-container] Privileged container is not allowed: ama-logs, securityContext: {"privileged": true}';
const QUOTA = 'Error creating: pods "ama-logs-" is forbidden: exceeded quota: pods';

const RESTARTS = ['kubectl -n kube-system rollout restart deployment/ama-logs-rs', 'kubectl -n kube-system rollout restart daemonset/ama-logs'];
const JUJU_TEXT =
  'Container Insights runs its DaemonSet (and ama-logs-rs) privileged, and this Charmed Kubernetes cluster does not allow privileged containers. Allow them with Juju as the guide says (current charms keep the setting on kubernetes-control-plane, which configures kube-apiserver), then let the controllers create the pods again.';
const JUJU = ['juju config kubernetes-worker allow-privileged=true', 'juju config kubernetes-control-plane allow-privileged=true'];
const nodeEvidence = (observed = 'juju-application=kubernetes-worker (and 1 more Juju node(s))', ref = 'v1/Node arc-worker-1') => ({ ref, path: 'metadata.labels', observed, expected: 'Charmed Kubernetes node' });
const dsStatus = (desired = 2, current = 0, ready = 0) => ({ ref: 'apps/v1/DaemonSet kube-system/ama-logs', path: 'status', observed: `desired ${desired}, current ${current}, ready ${ready}`, expected: `all ${desired} scheduled and ready` });
const eventEvidence = (n: number, message: string, name = 'ama-logs') => ({ ref: `v1/Event kube-system/${name}.18a7c3b2d4e5f60${n}`, path: 'message', observed: `FailedCreate (x${n + 2}): ${message}` });

describe('AMA001 exact outcomes', () => {
  it('skips without nodes, and on nodes without a Juju marker', () => {
    expect(run(healthyObjects().filter((o) => o.kind !== 'Node'))).toEqual({
      status: 'skip',
      message: 'no Node objects in the snapshot, so Charmed Kubernetes cannot be recognised (kubectl get nodes -o yaml)',
    });
    expect(run(healthyObjects())).toEqual({ status: 'skip', message: 'not a Charmed Kubernetes cluster: no node carries juju labels (juju-application, juju-charm, juju.io/cloud)' });
  });

  it('passes when every agent is scheduled, naming the first Juju node and counting the others', () => {
    expect(run(charmed(healthyObjects()))).toEqual({ status: 'pass', message: 'Charmed Kubernetes, and the privileged ama-logs pods are allowed (2/2 scheduled)', evidence: [nodeEvidence()] });
  });

  it('names a single Juju node without a count', () => {
    const o = healthyObjects();
    find(o, 'Node', 'arc-worker-2').metadata.labels!['juju-charm'] = 'kubernetes-worker';
    expect(run(o).evidence).toEqual([nodeEvidence('juju-charm=kubernetes-worker', 'v1/Node arc-worker-2')]);
  });

  it('fails on a cluster-policy refusal with the juju fix, the DaemonSet status and at most three events', () => {
    const o = [...noDaemonSetPods(charmed(healthyObjects())), refusal(CLUSTER_POLICY, 1), refusal(CLUSTER_POLICY, 2), refusal(CLUSTER_POLICY, 3), refusal(CLUSTER_POLICY, 4)];
    expect(run(o)).toEqual({
      status: 'fail',
      message: `Charmed Kubernetes (kube-apiserver allow-privileged) refuses the privileged ama-logs pods: ${CLUSTER_POLICY}`,
      evidence: [nodeEvidence(), dsStatus(), eventEvidence(4, CLUSTER_POLICY), eventEvidence(3, CLUSTER_POLICY), eventEvidence(2, CLUSTER_POLICY)],
      remediation: { text: JUJU_TEXT, commands: [...JUJU, ...RESTARTS] },
    });
  });

  it('adds the Juju applications the nodes belong to, once each, besides the two standard charms', () => {
    const o = healthyObjects();
    find(o, 'Node', 'arc-worker-1').metadata.labels!['juju-application'] = 'kubernetes-worker-gpu';
    find(o, 'Node', 'arc-worker-2').metadata.labels!['juju-application'] = 'kubernetes-worker-gpu';
    const extra: KubeObject = structuredClone(find(o, 'Node', 'arc-worker-2'));
    extra.metadata.name = 'arc-cp-1';
    extra.metadata.labels!['juju-application'] = 'kubernetes-control-plane';
    const third: KubeObject = structuredClone(extra);
    third.metadata.name = 'arc-worker-3';
    third.metadata.labels!['juju-application'] = 'kubernetes-worker';
    const r = run([...noDaemonSetPods(o), extra, third, refusal(CLUSTER_POLICY)]);
    expect(r.remediation?.commands).toEqual([...JUJU, 'juju config kubernetes-worker-gpu allow-privileged=true', ...RESTARTS]);
    expect(r.evidence?.[0]).toEqual(nodeEvidence('juju-application=kubernetes-worker-gpu (and 3 more Juju node(s))'));
  });

  it('fails on a Pod Security refusal with the namespace label, not Juju', () => {
    const r = run([...noDaemonSetPods(charmed(healthyObjects())), refusal(POD_SECURITY)]);
    expect(r).toEqual({
      status: 'fail',
      message: `Pod Security admission refuses the privileged ama-logs pods: ${POD_SECURITY}`,
      evidence: [nodeEvidence(), dsStatus(), eventEvidence(1, POD_SECURITY)],
      remediation: {
        text: 'Pod Security admission enforces a level below privileged on kube-system. Container Insights runs privileged: label the namespace to allow it, then let the controllers create the pods again.',
        commands: ['kubectl label namespace kube-system pod-security.kubernetes.io/enforce=privileged --overwrite', ...RESTARTS],
      },
    });
  });

  it('fails on a webhook denial with the exemption and the webhook lookup', () => {
    const r = run([...noDaemonSetPods(charmed(healthyObjects())), refusal(GATEKEEPER)]);
    expect(r).toEqual({
      status: 'fail',
      message: `The admission webhook validation.gatekeeper.sh refuses the privileged ama-logs pods: ${GATEKEEPER}`,
      evidence: [nodeEvidence(), dsStatus(), eventEvidence(1, GATEKEEPER)],
      remediation: {
        text: 'An admission policy (webhook validation.gatekeeper.sh) refuses privileged containers in kube-system. Container Insights needs them: exempt kube-system (or the ama-logs pods) from that policy, then let the controllers create the pods again. Allowing privileged mode in Juju does not help here.',
        commands: [
          "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o wide | grep -i 'validation'",
          'kubectl -n kube-system get events --field-selector reason=FailedCreate',
          ...RESTARTS,
        ],
      },
    });
  });

  it("fails on a PodSecurityPolicy refusal of ama-logs-rs's ReplicaSet, with the juju fix", () => {
    const o = charmed(healthyObjects());
    find(o, 'Deployment', 'ama-logs-rs').status = { replicas: 0, conditions: [] };
    const r = run([...o.filter((x) => x.metadata.name !== 'ama-logs-rs-7c9d8f6b5d-2lq8r'), refusal(PSP, 1, { kind: 'ReplicaSet', name: 'ama-logs-rs-7c9d8f6b5d' })]);
    expect(r).toEqual({
      status: 'fail',
      message: `A PodSecurityPolicy refuses the privileged ama-logs pods: ${PSP}`,
      evidence: [nodeEvidence(), dsStatus(2, 2, 2), eventEvidence(1, PSP, 'ama-logs-rs-7c9d8f6b5d')],
      remediation: { text: JUJU_TEXT, commands: [...JUJU, ...RESTARTS] },
    });
  });

  it("reads the Deployment's ReplicaFailure condition as a refusal when the event has expired", () => {
    const o = charmed(healthyObjects());
    const dep = find(o, 'Deployment', 'ama-logs-rs');
    dep.status = { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: PSP.replace('Error creating: ', '') }] };
    const r = run(o.filter((x) => x.metadata.name !== 'ama-logs-rs-7c9d8f6b5d-2lq8r'));
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`A PodSecurityPolicy refuses the privileged ama-logs pods: ${PSP.replace('Error creating: ', '')}`);
    expect(r.evidence).toEqual([nodeEvidence(), dsStatus(2, 2, 2), { ref: 'apps/v1/Deployment kube-system/ama-logs-rs', path: 'message', observed: `FailedCreate (x1): ${PSP.replace('Error creating: ', '')}` }]);
  });

  it('ignores a ReplicaFailure that is not True or not about privileged mode, and events of other ReplicaSets', () => {
    for (const [status, message] of [
      ['False', PSP],
      ['True', 'pods "ama-logs-rs-7c9d8f6b5d-" is forbidden: exceeded quota: pods'],
    ]) {
      const o = charmed(healthyObjects());
      find(o, 'Deployment', 'ama-logs-rs').status.conditions.push({ type: 'ReplicaFailure', status, reason: 'FailedCreate', message });
      expect(run(o)).toEqual({ status: 'pass', message: 'Charmed Kubernetes, and the privileged ama-logs pods are allowed (2/2 scheduled)', evidence: [nodeEvidence()] });
    }
    const o = charmed(healthyObjects());
    const other: KubeObject = structuredClone(find(o, 'ReplicaSet', 'ama-logs-rs-7c9d8f6b5d'));
    other.metadata.name = 'ama-logs-rsx-5d';
    expect(run([...o, other, refusal(PSP, 1, { kind: 'ReplicaSet', name: 'ama-logs-rsx-5d' })]).status).toBe('pass');
  });

  it('passes when the refusal is history and both workloads run; fails when the Deployment does not', () => {
    const history = refusal(CLUSTER_POLICY);
    expect(run([...charmed(healthyObjects()), history])).toEqual({
      status: 'pass',
      message: `Charmed Kubernetes, and the privileged ama-logs pods run now (2/2 ready); an earlier refusal is history: ${CLUSTER_POLICY}`,
      evidence: [nodeEvidence()],
    });
    const noDep = charmed(healthyObjects()).filter((x) => x.kind !== 'Deployment');
    expect(run([...noDep, history]).status).toBe('pass');
    const o = charmed(healthyObjects());
    find(o, 'Deployment', 'ama-logs-rs').status = { replicas: 1, readyReplicas: 0, availableReplicas: 0, conditions: [] };
    const r = run([...o, history]);
    expect(r.status).toBe('fail');
    expect(r.evidence).toEqual([nodeEvidence(), dsStatus(2, 2, 2), eventEvidence(1, CLUSTER_POLICY)]);
  });

  it('fails without the DaemonSet status line when the DaemonSet is gone', () => {
    const o = charmed(healthyObjects()).filter((x) => !(x.kind === 'DaemonSet' || (x.kind === 'Pod' && x.metadata.labels?.dsName)));
    find(o, 'Deployment', 'ama-logs-rs').status = { replicas: 0, conditions: [] };
    const r = run([...o.filter((x) => x.metadata.name !== 'ama-logs-rs-7c9d8f6b5d-2lq8r'), refusal(CLUSTER_POLICY, 1, { kind: 'ReplicaSet', name: 'ama-logs-rs-7c9d8f6b5d' })]);
    expect(r.status).toBe('fail');
    expect(r.evidence).toEqual([nodeEvidence(), eventEvidence(1, CLUSTER_POLICY, 'ama-logs-rs-7c9d8f6b5d')]);
  });

  it('counts an absent currentNumberScheduled as 0 in the evidence', () => {
    const o = noDaemonSetPods(charmed(healthyObjects()));
    delete find(o, 'DaemonSet', 'ama-logs').status.currentNumberScheduled;
    expect(run([...o, refusal(CLUSTER_POLICY)]).evidence?.[1]).toEqual(dsStatus());
  });

  it('passes, pointing at AMA003, when the DaemonSet does not exist and nothing was refused', () => {
    const o = charmed(healthyObjects()).filter((x) => x.kind !== 'DaemonSet');
    expect(run(o)).toEqual({ status: 'pass', message: 'Charmed Kubernetes, but the ama-logs DaemonSet does not exist in kube-system, so no privileged pod was refused (AMA003 reports the missing DaemonSet)' });
  });

  it('uses the pre-3.0 names of an omsagent install', () => {
    const o = [...charmed(healthyObjects()).filter((x) => x.kind === 'Node'), ...variation('legacy-omsagent.yaml')];
    expect(run(o)).toEqual({ status: 'pass', message: 'Charmed Kubernetes, and the privileged omsagent pods are allowed (2/2 scheduled)', evidence: [nodeEvidence()] });
    expect(run(o.filter((x) => x.kind !== 'DaemonSet')).message).toBe(
      'Charmed Kubernetes, but the omsagent DaemonSet does not exist in kube-system, so no privileged pod was refused (AMA003 reports the missing DaemonSet)',
    );
  });

  it('passes on a refusal for another reason, and ignores it once the agents run', () => {
    const o = [...noDaemonSetPods(charmed(healthyObjects())), refusal(QUOTA)];
    expect(run(o)).toEqual({ status: 'pass', message: `Charmed Kubernetes; ama-logs pods are refused, but not for privileged mode (${QUOTA}); AMA003 reports it`, evidence: [nodeEvidence()] });
    expect(run([...charmed(healthyObjects()), refusal(QUOTA)]).message).toBe('Charmed Kubernetes, and the privileged ama-logs pods are allowed (2/2 scheduled)');
  });

  it('does not take another reason or a privileged word in a non-FailedCreate event as a refusal', () => {
    const o = [...noDaemonSetPods(charmed(healthyObjects())), refusal(CLUSTER_POLICY, 1, undefined, 'FailedDelete')];
    expect(run(o).status).toBe('warn');
  });

  it('warns when no pod was created and no event says why, with describe first', () => {
    expect(run(noDaemonSetPods(charmed(healthyObjects())))).toEqual({
      status: 'warn',
      message:
        "Charmed Kubernetes and ama-logs has created no pod on 2 node(s); no event is left to say why (events expire after an hour), and a refused privileged pod is the guide's known cause",
      evidence: [nodeEvidence(), { ref: 'apps/v1/DaemonSet kube-system/ama-logs', path: 'status.currentNumberScheduled', observed: 0, expected: 2 }],
      remediation: { text: JUJU_TEXT, commands: ['kubectl -n kube-system describe daemonset ama-logs', ...JUJU, ...RESTARTS] },
    });
  });

  it('does not warn when the DaemonSet wants no pod, has scheduled one, or still has pods', () => {
    const zero = noDaemonSetPods(charmed(healthyObjects()));
    find(zero, 'DaemonSet', 'ama-logs').status.desiredNumberScheduled = 0;
    expect(run(zero)).toEqual({ status: 'pass', message: 'Charmed Kubernetes, and the privileged ama-logs pods are allowed (0/0 scheduled)', evidence: [nodeEvidence()] });
    const one = noDaemonSetPods(charmed(healthyObjects()));
    find(one, 'DaemonSet', 'ama-logs').status.currentNumberScheduled = 1;
    expect(run(one).message).toBe('Charmed Kubernetes, and the privileged ama-logs pods are allowed (1/2 scheduled)');
    const pods = charmed(healthyObjects());
    Object.assign(find(pods, 'DaemonSet', 'ama-logs').status, { currentNumberScheduled: 0, numberReady: 0 });
    expect(run(pods).message).toBe('Charmed Kubernetes, and the privileged ama-logs pods are allowed (0/2 scheduled)');
  });
});
