import { describe, expect, it } from 'vitest';
import { ArmError, userQuotaWaitMs, type ArmReader } from '../../src/sources/azure-arm-client.js';
import { armEndpointFor } from '../../src/sources/azure-cloud.js';
import { normalizeAzureResource } from '../../src/snapshot/azure/normalize.js';
import { queryGraph } from '../../src/fleet/graph.js';
import { clustersQuery, configurationsQuery } from '../../src/fleet/queries.js';

describe('Resource Graph and ARM property spellings', () => {
  const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/flux';
  it('reads PascalCase (Resource Graph) and camelCase (ARM) into the same flat resource', () => {
    const camel = normalizeAzureResource({ id, name: 'flux', type: 'Microsoft.KubernetesConfiguration/extensions', properties: { extensionType: 'microsoft.flux', provisioningState: 'Failed', statuses: [{ level: 'Error', code: 'X', message: 'm' }], errorInfo: { code: 'C', message: 'M', details: [{ code: 'D', message: 'E' }] }, configurationSettings: { 'multiTenancy.Enforce': 'false' } } });
    const pascal = normalizeAzureResource({ id, name: 'flux', type: 'microsoft.kubernetesconfiguration/extensions', properties: { ExtensionType: 'microsoft.flux', ProvisioningState: 'Failed', Statuses: [{ Level: 'Error', Code: 'X', Message: 'm' }], ErrorInfo: { Code: 'C', Message: 'M', Details: [{ Code: 'D', Message: 'E' }] }, ConfigurationSettings: { 'multiTenancy.Enforce': 'false' } } });
    expect(pascal).toEqual(camel);
    expect(pascal!.type).toBe('Microsoft.KubernetesConfiguration/extensions');
    expect(pascal!.extensionType).toBe('microsoft.flux');
    expect(pascal!.configurationSettings).toEqual({ 'multiTenancy.Enforce': 'false' });
  });
  it('keeps user-chosen keys (kustomization names) and prefers the ARM spelling when both are present', () => {
    const r = normalizeAzureResource({ id: id.replace('extensions/flux', 'fluxConfigurations/cfg'), properties: { Kustomizations: { Apps: { Path: './apps' } }, complianceState: 'Compliant', ComplianceState: 'Non-Compliant' } });
    expect(r!.kustomizations).toEqual({ Apps: { path: './apps' } });
    expect(r!.complianceState).toBe('Compliant');
  });
});

describe('throttling headers', () => {
  it('waits for x-ms-user-quota-resets-after only when no quota remains', () => {
    expect(userQuotaWaitMs('0', '00:00:03')).toBe(3000);
    expect(userQuotaWaitMs('0', '00:01:02.5')).toBe(62500);
    expect(userQuotaWaitMs('0', undefined)).toBe(1000);
    expect(userQuotaWaitMs('4', '00:00:03')).toBeUndefined();
    expect(userQuotaWaitMs(null, '00:00:03')).toBeUndefined();
  });
});

describe('ARM endpoint', () => {
  it('picks the cloud, and ARCDOCTOR_ARM_ENDPOINT overrides it', () => {
    expect(armEndpointFor(undefined, {})).toBe('https://management.azure.com');
    expect(armEndpointFor('AzureUSGovernment', {})).toBe('https://management.usgovcloudapi.net');
    expect(armEndpointFor('AzureChinaCloud', {})).toBe('https://management.chinacloudapi.cn');
    expect(armEndpointFor('AzureChinaCloud', { ARCDOCTOR_ARM_ENDPOINT: 'https://arm.example.test:8443/' })).toBe('https://arm.example.test:8443');
    expect(() => armEndpointFor(undefined, { ARCDOCTOR_ARM_ENDPOINT: 'not a url' })).toThrow('ARCDOCTOR_ARM_ENDPOINT=not a url: not a URL (expected https://host[:port])');
  });
});

describe('queryGraph', () => {
  const fake = (answer: (subs: string[], skip?: string) => unknown): ArmReader & { calls: string[][] } => {
    const calls: string[][] = [];
    return {
      calls,
      get: async () => undefined,
      list: async () => [],
      post: async (_p, _v, body) => {
        const b = body as { subscriptions: string[]; options: { $skipToken?: string } };
        calls.push(b.subscriptions);
        return answer(b.subscriptions, b.options.$skipToken);
      },
    };
  };
  it('asks each subscription alone when a query over several is refused, and names the refused one', async () => {
    const arm = fake((subs) => {
      if (subs.includes('denied')) throw new ArmError(403, 'AuthorizationFailed', '403 AuthorizationFailed: no access to denied');
      return { data: [{ id: `/subscriptions/${subs[0]}/x` }] };
    });
    const r = await queryGraph(arm, 'Resources', ['a', 'denied', 'b']);
    expect(arm.calls).toEqual([['a', 'denied', 'b'], ['a'], ['denied'], ['b']]);
    expect(r.rows.map((x) => x.id)).toEqual(['/subscriptions/a/x', '/subscriptions/b/x']);
    expect([...r.forbidden]).toEqual([['denied', '403 AuthorizationFailed: no access to denied']]);
  });
  it('a page that stays throttled marks its subscriptions incomplete and keeps what was read', async () => {
    const arm = fake((_s, skip) => {
      if (skip) throw new ArmError(429, 'RateLimiting', '429 RateLimiting: slow down (gave up after 5 attempt(s); Retry-After 60s)');
      return { data: [{ id: '/subscriptions/a/1' }], $skipToken: 'next' };
    });
    const r = await queryGraph(arm, 'Resources', ['a']);
    expect(r.rows).toHaveLength(1);
    expect([...r.incomplete]).toEqual([['a', 'Resource Graph page 2 not read: 429 RateLimiting: slow down (gave up after 5 attempt(s); Retry-After 60s)']]);
  });
  it('filters resource groups and cluster types in Kusto, with quotes escaped', () => {
    expect(clustersQuery({ resourceGroups: ["rg'1"], clusterType: 'managedClusters' })).toBe(
      "Resources\n| where type in~ ('microsoft.containerservice/managedclusters')\n| where resourceGroup in~ ('rg\\'1')\n| project id, name, type, subscriptionId, resourceGroup, location, properties\n| order by id asc",
    );
    expect(configurationsQuery({ resourceGroups: [] })).toBe(
      "KubernetesConfigurationResources\n| where type in~ ('microsoft.kubernetesconfiguration/extensions', 'microsoft.kubernetesconfiguration/fluxconfigurations', 'microsoft.kubernetesconfiguration/sourcecontrolconfigurations')\n| project id, name, type, subscriptionId, resourceGroup, location, properties\n| order by id asc",
    );
  });
});

describe('jsonFleetWriter', () => {
  it('joined, the JSON pieces are exactly JSON.stringify of the report (with targets and without)', async () => {
    const { jsonFleetWriter } = await import('../../src/fleet/render.js');
    const fleet = { clusters: 0, byWorstStatus: { fail: 0, warn: 0, error: 0, pass: 0, skip: 0 }, checks: [], subscriptions: [], resourceGraphPages: { clusters: 1, configurations: 1 }, exitCode: 0 };
    const target = { schemaVersion: 1, target: { kind: 'cluster', name: '/subscriptions/s/x' }, results: [{ id: 'AZ001', evidence: [{ observed: 'a\nb' }] }] };
    for (const targets of [[], [target], [target, target]]) {
      const chunks: string[] = [];
      const w = jsonFleetWriter((c) => chunks.push(c));
      for (const t of targets) w.target(t as never);
      w.close(fleet as never);
      expect(chunks.join('')).toBe(JSON.stringify({ schemaVersion: 1, targets, fleet }, null, 2) + '\n');
    }
  });
});
