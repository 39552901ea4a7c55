// The live source's pod record (src/sources/trim-objects.ts compactPod): what is forgotten, what is kept, exactly.
import { describe, expect, it } from 'vitest';
import { compactPod } from '../../src/sources/trim-objects.js';
import type { KubeObject } from '../../src/snapshot/objects.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function amaPod(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'kube-system',
      generateName: 'ama-logs-',
      selfLink: `/api/v1/namespaces/kube-system/pods/${name}`,
      uid: `uid-${name}`,
      labels: { component: 'ama-logs-agent', 'controller-revision-hash': '5d8f7c9b6' },
      annotations: { [LAST_APPLIED]: '{"big":"copy"}', 'agentVersion': '3.1.24' },
      managedFields: [{ manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': {} } }],
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ama-logs', uid: 'ds', controller: true }],
    },
    spec: {
      nodeName: 'aks-nodepool1-1-vmss000000',
      restartPolicy: 'Always',
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'ama-logs',
          image: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.24',
          env: [{ name: 'AKS_REGION', value: 'westeurope' }],
          volumeMounts: [{ name: 'host-root', mountPath: '/hostfs' }],
          livenessProbe: { exec: { command: ['/bin/bash', '-c', '/opt/livenessprobe.sh'] } },
          securityContext: { privileged: true },
          resources: { limits: { cpu: '500m', memory: '750Mi' } },
        },
      ],
    },
    status: {
      phase: 'Running',
      hostIP: '10.224.0.4',
      hostIPs: [{ ip: '10.224.0.4' }],
      podIP: '10.244.1.7',
      podIPs: [{ ip: '10.244.1.7' }],
      qosClass: 'Burstable',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-12-01T10:00:00Z' }],
      containerStatuses: [
        {
          name: 'ama-logs',
          ready: true,
          restartCount: 2,
          started: true,
          image: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.24',
          imageID: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod@sha256:abc',
          containerID: 'containerd://0123',
          lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          state: { running: { startedAt: '2026-12-01T10:00:00Z' } },
        },
      ],
    },
    unknownTopLevelField: { keptBecause: 'a check may read it' },
  } as unknown as KubeObject;
}

describe('compactPod', () => {
  it('keeps every field a check reads and forgets the known-unread ones, in place', () => {
    const pod = amaPod('ama-logs-x7k2p');
    const out = compactPod(pod, new Map());
    expect(out).toBe(pod);
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'ama-logs-x7k2p',
        namespace: 'kube-system',
        uid: 'uid-ama-logs-x7k2p',
        labels: { component: 'ama-logs-agent', 'controller-revision-hash': '5d8f7c9b6' },
        annotations: { agentVersion: '3.1.24' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ama-logs', uid: 'ds', controller: true }],
      },
      spec: {
        nodeName: 'aks-nodepool1-1-vmss000000',
        priorityClassName: 'system-node-critical',
        containers: [
          {
            name: 'ama-logs',
            image: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.24',
            securityContext: { privileged: true },
            resources: { limits: { cpu: '500m', memory: '750Mi' } },
          },
        ],
      },
      status: {
        phase: 'Running',
        podIP: '10.244.1.7',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-01T10:00:00Z' }],
        containerStatuses: [
          {
            name: 'ama-logs',
            ready: true,
            restartCount: 2,
            image: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.24',
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
            state: { running: { startedAt: '2026-12-01T10:00:00Z' } },
          },
        ],
      },
      unknownTopLevelField: { keptBecause: 'a check may read it' },
    });
    // The large last-applied copy is really gone from annotations (checks iterate them), not left undefined.
    expect(Object.keys(out.metadata.annotations!)).toEqual(['agentVersion']);
  });

  it('records the short strings of a list in the shared map (long ones are not worth sharing) and keeps non-strings', () => {
    const strings = new Map<string, string>();
    const long = 'x'.repeat(129);
    const a = amaPod('ama-logs-a');
    (a.metadata.annotations as Record<string, string>).note = long;
    (a.metadata.annotations as Record<string, string>).atTheLimit = 'y'.repeat(128);
    compactPod(a, strings);
    compactPod(amaPod('ama-logs-b'), strings);
    expect(strings.get('Running')).toBe('Running');
    expect(strings.get('mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.24')).toBe('mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.24');
    expect(strings.has('y'.repeat(128))).toBe(true);
    expect(strings.has(long)).toBe(false);
    expect(strings.has('ama-logs-a')).toBe(true);
    expect(strings.has('ama-logs-b')).toBe(true);
    expect(a.status.containerStatuses[0].restartCount).toBe(2);
    expect(a.status.containerStatuses[0].ready).toBe(true);
    expect(a.status.conditions[0].lastProbeTime).toBeUndefined();
  });

  it('a pod without spec or status, or with odd values, is kept as it is', () => {
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, status: 'odd' } as unknown as KubeObject;
    expect(JSON.parse(JSON.stringify(compactPod(bare, new Map())))).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, status: 'odd' });
    const withNulls = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q', namespace: 'n', labels: null }, spec: { containers: [null, 'x'] } } as unknown as KubeObject;
    expect(JSON.parse(JSON.stringify(compactPod(withNulls, new Map())))).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q', namespace: 'n', labels: null }, spec: { containers: [null, 'x'] } });
  });
});
