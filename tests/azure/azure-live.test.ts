import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { readAzure, type AzureTarget } from '../../src/sources/azure-live.js';
import { attachAzure } from '../../src/sources/azure-attach.js';
import { CHECKS } from '../../src/checks/registry.js';
import { snapshotOf, NOW } from '../helpers/check-harness.js';
import { runChecks } from '../../src/engine/run.js';
import { AREA_DEFINITIONS } from '../../src/checks/registry.js';
import { at, selfSignedCertificate, startArm, type Route } from './arm-stand-in.js';

const fixtures = join(import.meta.dirname, '../fixtures/azure');
const json = (rel: string) => JSON.parse(readFileSync(join(fixtures, rel), 'utf8'));
const restBody = (rel: string) => json(rel).responses['200'].body;

const SUB = 'subId1';
const target: AzureTarget = { subscription: SUB, resourceGroup: 'rg1', cluster: 'clusterName1', clusterType: 'connectedClusters' };
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1`;
const CONFIG = `${CLUSTER}/providers/Microsoft.KubernetesConfiguration`;

const staticCredential: TokenCredential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
const noLogin: TokenCredential = {
  getToken: async () => {
    throw new Error('DefaultAzureCredential failed to retrieve a token from the included credentials. Please run az login.');
  },
};

function healthyRoutes(): Route[] {
  const cluster = { ...json('cli/connectedcluster.json'), id: CLUSTER, name: 'clusterName1' };
  const providers = json('cli/providers.json');
  return [
    at(CLUSTER, { status: 200, body: { id: cluster.id, name: cluster.name, type: 'Microsoft.Kubernetes/connectedClusters', location: 'westeurope', properties: { provisioningState: 'Succeeded', connectivityStatus: 'Connected' } } }),
    at(`${CONFIG}/extensions`, { status: 200, body: restBody('rest/ListExtensions.json') }),
    at(`${CONFIG}/fluxConfigurations`, { status: 200, body: { value: [restBody('rest/GetFluxConfiguration.json')] } }),
    at(`${CONFIG}/sourceControlConfigurations`, { status: 200, body: { value: [] } }),
    at(`/subscriptions/${SUB}/providers/Microsoft.KubernetesConfiguration`, { status: 200, body: providers[0] }),
    at(`/subscriptions/${SUB}/providers/Microsoft.Kubernetes`, { status: 200, body: providers[1] }),
  ];
}

function report(snapAzure: Awaited<ReturnType<typeof readAzure>>) {
  const snap = snapshotOf([], { azure: snapAzure.resources, azureFailures: snapAzure.failures, completeTypes: snapAzure.completeTypes });
  const r = runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(CHECKS.filter((c) => c.area === 'azure').map((c) => c.id)), suppressions: [], failOn: 'fail', now: NOW, target: { kind: 'cluster', name: 't' }, version: 't' });
  return Object.fromEntries(r.results.filter((x) => x.area === 'azure').map((x) => [x.id, x]));
}

describe('readAzure against a local HTTPS stand-in for ARM', () => {
  const tls = selfSignedCertificate();
  let ca = '';
  beforeAll(() => {
    ca = tls.cert;
  });

  it('reads the cluster, extensions, Flux v2 and v1 configurations and providers with a bearer token', async () => {
    const arm = await startArm(healthyRoutes(), tls);
    try {
      const az = await readAzure(target, { credential: staticCredential, endpoint: arm.endpoint, ca });
      expect(az.failures).toEqual([]);
      expect(az.resources.map((r) => r.type).sort()).toEqual([
        'Microsoft.Kubernetes/connectedClusters',
        'Microsoft.KubernetesConfiguration/extensions',
        'Microsoft.KubernetesConfiguration/extensions',
        'Microsoft.KubernetesConfiguration/extensions',
        'Microsoft.KubernetesConfiguration/fluxConfigurations',
        'Microsoft.Resources/providers',
        'Microsoft.Resources/providers',
      ]);
      expect(arm.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
      expect(arm.requests.some((r) => /features/i.test(r.path))).toBe(false);
      const results = report(az);
      expect(results.AZ001.status).toBe('pass');
      expect(results.AZ002.status).toBe('skip');
      expect(results.AZ003.status).toBe('pass');
      expect(results.AZ004.status).toBe('pass');
      expect(results.AZ005.status).toBe('pass');
    } finally {
      await arm.close();
    }
  });

  it('skips every AZ check with one line when there is no login, without calling ARM', async () => {
    const arm = await startArm(healthyRoutes(), tls);
    try {
      const az = await readAzure(target, { credential: noLogin, endpoint: arm.endpoint, ca });
      expect(arm.requests).toHaveLength(0);
      const results = report(az);
      for (const id of ['AZ001', 'AZ002', 'AZ003', 'AZ004', 'AZ005']) {
        expect(results[id].status).toBe('skip');
        expect(results[id].message).toContain('az login');
      }
    } finally {
      await arm.close();
    }
  });

  it('skips with the reason when ARM rejects the token (401)', async () => {
    const arm = await startArm([at(CLUSTER, { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } } })], tls);
    try {
      const az = await readAzure(target, { credential: staticCredential, endpoint: arm.endpoint, ca });
      expect(az.failures[0]).toMatchObject({ armType: '*', reason: 'unauthorized' });
      expect(report(az).AZ003.message).toContain('InvalidAuthenticationToken');
    } finally {
      await arm.close();
    }
  });

  it('skips with the flags to check when the cluster resource is not found (404)', async () => {
    const arm = await startArm([], tls);
    try {
      const az = await readAzure(target, { credential: staticCredential, endpoint: arm.endpoint, ca });
      const results = report(az);
      expect(results.AZ001.status).toBe('skip');
      expect(results.AZ001.message).toContain('connectedClusters clusterName1 not found in resource group rg1');
      expect(results.AZ001.message).toContain('--resource-group');
    } finally {
      await arm.close();
    }
  });

  it('ends the check whose read was refused (403) in error and runs the others', async () => {
    const forbidden = at(`${CONFIG}/extensions`, { status: 403, body: { error: { code: 'AuthorizationFailed', message: "The client 'x' does not have authorization to perform action 'Microsoft.KubernetesConfiguration/extensions/read'." } } });
    const arm = await startArm([forbidden, ...healthyRoutes()], tls);
    try {
      const az = await readAzure(target, { credential: staticCredential, endpoint: arm.endpoint, ca });
      const results = report(az);
      expect(results.AZ003.status).toBe('error');
      expect(results.AZ003.message).toContain('AuthorizationFailed');
      expect(results.AZ004.status).toBe('pass');
      expect(results.AZ001.status).toBe('pass');
    } finally {
      await arm.close();
    }
  });

  it('retries a throttled read (429) honouring Retry-After', async () => {
    const throttled = at(`${CONFIG}/fluxConfigurations`, (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } } : { status: 200, body: { value: [restBody('rest/GetFluxConfiguration.json')] } }));
    const arm = await startArm([throttled, ...healthyRoutes()], tls);
    const waits: number[] = [];
    try {
      const az = await readAzure(target, { credential: staticCredential, endpoint: arm.endpoint, ca, sleep: async (ms) => void waits.push(ms) });
      expect(waits).toEqual([1000]);
      expect(az.failures).toEqual([]);
      expect(report(az).AZ004.status).toBe('pass');
    } finally {
      await arm.close();
    }
  });

  it('gives up on a Retry-After beyond the bound instead of stalling, and says so', async () => {
    const throttled = at(`${CONFIG}/fluxConfigurations`, { status: 429, headers: { 'retry-after': '3600' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
    const arm = await startArm([throttled, ...healthyRoutes()], tls);
    const waits: number[] = [];
    try {
      const az = await readAzure(target, { credential: staticCredential, endpoint: arm.endpoint, ca, sleep: async (ms) => void waits.push(ms) });
      expect(waits).toEqual([]);
      expect(az.failures[0]).toMatchObject({ reason: 'throttled' });
      const results = report(az);
      expect(results.AZ004.status).toBe('error');
      expect(results.AZ004.message).toContain('Retry-After 3600s');
    } finally {
      await arm.close();
    }
  });

  it('reads the AKS-ExtensionManager feature for a managedCluster', async () => {
    const aks: AzureTarget = { subscription: SUB, resourceGroup: 'aks-rg', cluster: 'aks-1', clusterType: 'managedClusters' };
    const aksId = `/subscriptions/${SUB}/resourceGroups/aks-rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;
    const feature = json('cli/feature-aks-extensionmanager.json');
    const arm = await startArm(
      [
        at(aksId, { status: 200, body: { id: aksId, name: 'aks-1', type: 'Microsoft.ContainerService/ManagedClusters', properties: { provisioningState: 'Succeeded' } } }),
        at(`/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager`, { status: 200, body: { ...feature, properties: { state: 'NotRegistered' } } }),
      ],
      tls,
    );
    try {
      const az = await readAzure(aks, { credential: staticCredential, endpoint: arm.endpoint, ca });
      const results = report(az);
      expect(results.AZ002.status).toBe('fail');
      expect(results.AZ002.message).toContain('NotRegistered');
    } finally {
      await arm.close();
    }
  });

  it('does not read Azure for a snapshot without flags (offline stays offline)', async () => {
    const snap = snapshotOf([]);
    const out = await attachAzure(snap, { kind: 'snapshot', checks: CHECKS });
    expect(out.azureFailures).toEqual([]);
  });
});

