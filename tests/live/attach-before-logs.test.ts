// FLUX004 live when the only sign of pod identity is in Azure (the AKS add-on flag): the Azure side is read between
// the lists and the logs, so the agent's decisive log is read and its token interception found.
import { afterEach, describe, expect, it } from 'vitest';
import FLUX004 from '../../src/checks/flux/FLUX004-pod-identity.js';
import { runChecks } from '../../src/engine/run.js';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { readCluster } from '../../src/sources/live.js';
import type { AzureResource } from '../../src/snapshot/objects.js';
import { find, healthy } from '../checks/flux/fixtures.js';
import { startFakeApi, type FakeApi } from './helpers/fake-api.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

// Verbatim FluxConfigAgent line from the guide (samples/flux/pod-identity-extension-agent…txt).
const AGENT_LINE = `{"Message":"2021/12/02 10:24:56 Error: in getting auth header : error {adal: Refresh request failed. Status Code = '404'. Response body: no azure identity found for request clientID <REDACTED>\\n}","LogType":"ConfigAgentTrace","AgentName":"FluxConfigAgent"}`;
const ADD_ON: AzureResource = { id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks', name: 'aks', type: 'Microsoft.ContainerService/managedClusters', podIdentityProfile: { enabled: true } };

async function readWithAttach(azure: AzureResource[]) {
  const objects = healthy();
  const agent = find(objects, 'Pod', 'fluxconfig-agent').metadata.name;
  api = await startFakeApi({ objects, logs: { [`flux-system/${agent}/fluxconfig-agent`]: `starting\n${AGENT_LINE}\n` } });
  const seen: number[] = [];
  const snap = await readCluster({
    kubeconfig: api.kubeconfig(),
    checks: [FLUX004],
    concurrency: 4,
    timeoutMs: 10_000,
    attach: async (listed) => {
      seen.push(listed.objects().length);
      return { azure };
    },
  });
  const logReads = api.requests.filter((r) => r.path.endsWith('/log')).map((r) => r.path);
  return { snap, agent, seen, logReads };
}

describe('live: parts attached between the lists and the logs', () => {
  it('reads the agent log when only ARM says pod identity is on, and FLUX004 fails on its token interception', async () => {
    const { snap, agent, seen, logReads } = await readWithAttach([ADD_ON]);
    expect(seen).toEqual([snap.objects().length]);
    expect(logReads).toContain(`/api/v1/namespaces/flux-system/pods/${agent}/log`);
    expect(snap.azure('Microsoft.ContainerService/managedClusters')).toEqual([ADD_ON]);
    const report = runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(['FLUX004']), suppressions: [], failOn: 'fail', now: new Date(), target: { kind: 'cluster', name: 'fake' }, version: 'test' });
    expect(report.results.find((r) => r.id === 'FLUX004')!.status).toBe('fail');
  });

  it('reads no agent log when neither the cluster nor ARM shows pod identity', async () => {
    const { snap, logReads } = await readWithAttach([]);
    expect(logReads).toEqual([]);
    expect(snap.azureResources).toEqual([]);
  });
});
