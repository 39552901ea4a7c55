// `serve --rbac`: the roles of one file decide what is served, with the API server's Forbidden wording, through
// the real kubectl and @kubernetes/client-node; the rule matching follows the RBAC authorizer's.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRbacPolicy, rbacAllows } from '../../src/serve/rbac.js';
import { UsageError } from '../../src/errors.js';
import { GUIDE_SNAPSHOT, kubectlEnv, type KubectlEnv } from './serve-helpers.js';

const SA = 'system:serviceaccount:arcdoctor:arcdoctor';

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: arcdoctor
rules:
- apiGroups: [""]
  resources: [pods, namespaces]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [pods/log]
  verbs: [get]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get]
  resourceNames: [osm-injector]
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: arcdoctor
  namespace: arcdoctor
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: services-reader
  namespace: arc-osm-system
rules:
- apiGroups: [""]
  resources: [services]
  verbs: [list]
`;

function roleFile(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'serve-rbac-')), 'role.yaml');
  writeFileSync(f, text);
  return f;
}

let k: KubectlEnv;
beforeAll(async () => {
  k = await kubectlEnv({ rbac: roleFile(ROLES) });
});
afterAll(async () => k?.close());

describe('serve --rbac through kubectl', () => {
  it('serves what the ClusterRole allows, and discovery', async () => {
    const pods = await k.kubectl(['get', 'pods', '-A', '-o', 'name']);
    expect(pods.stderr).toBe('');
    expect(pods.stdout.trim().split('\n')).toHaveLength(4);
    expect((await k.kubectl(['get', 'deployment', 'osm-injector', '-n', 'arc-osm-system', '-o', 'name'])).stdout.trim()).toBe('deployment.apps/osm-injector');
    expect((await k.kubectl(['logs', '-n', 'arc-osm-system', 'osm-controller-b5bd66db-wvl9w'])).code).toBe(0);
    const resources = await k.kubectl(['api-resources', '--api-group=apps', '-o', 'name']);
    expect(resources.stdout.split('\n')).toContain('deployments.apps');
    expect((await k.kubectl(['version', '-o', 'json'])).code).toBe(0);
  });

  it('answers the real Forbidden at the cluster scope and in a namespace', async () => {
    const all = await k.kubectl(['get', 'services', '-A']);
    expect(all.code).toBe(1);
    expect(all.stderr.trim()).toBe(`Error from server (Forbidden): services is forbidden: User "${SA}" cannot list resource "services" in API group "" at the cluster scope`);
    const other = await k.kubectl(['get', 'services', '-n', 'bookbuyer']);
    expect(other.stderr.trim()).toBe(`Error from server (Forbidden): services is forbidden: User "${SA}" cannot list resource "services" in API group "" in the namespace "bookbuyer"`);
    // The Role grants list in its own namespace only.
    expect((await k.kubectl(['get', 'services', '-n', 'arc-osm-system', '-o', 'name'])).stdout.trim().split('\n')).toHaveLength(2);
  });

  it('names the object and the verb: resourceNames, writes, subresources', async () => {
    const dep = await k.kubectl(['get', 'deployment', 'osm-controller', '-n', 'arc-osm-system']);
    expect(dep.stderr.trim()).toBe(
      `Error from server (Forbidden): deployments.apps "osm-controller" is forbidden: User "${SA}" cannot get resource "deployments" in API group "apps" in the namespace "arc-osm-system"`,
    );
    const scale = await k.kubectl(['scale', 'deployment', 'osm-injector', '-n', 'arc-osm-system', '--replicas=0']);
    expect(scale.stderr.trim()).toBe(
      `Error from server (Forbidden): deployments.apps "osm-injector" is forbidden: User "${SA}" cannot patch resource "deployments/scale" in API group "apps" in the namespace "arc-osm-system"`,
    );
    const ns = await k.kubectl(['delete', 'namespace', 'bookbuyer']);
    expect(ns.stderr.trim()).toBe(`Error from server (Forbidden): namespaces "bookbuyer" is forbidden: User "${SA}" cannot delete resource "namespaces" in API group "" in the namespace "bookbuyer"`);
    // A kind the cluster does not serve is refused before it is looked up, as the API server does.
    const r = await fetch(`${k.server.url}/apis/example.com/v1/widgets`);
    expect(r.status).toBe(403);
  });
});

describe('kubectl auth can-i against serve --rbac', () => {
  it('answers from the same roles the requests are checked against', async () => {
    const can = async (...args: string[]) => {
      const r = await k.kubectl(['auth', 'can-i', ...args]);
      return `${r.stdout.trim()} ${r.code}`;
    };
    expect(await can('list', 'pods', '-A')).toBe('yes 0');
    expect(await can('get', 'pods/log', '-n', 'arc-osm-system')).toBe('yes 0');
    expect(await can('list', 'services', '-n', 'arc-osm-system')).toBe('yes 0');
    expect(await can('list', 'services', '-n', 'bookbuyer')).toBe('no 1');
    expect(await can('get', 'deployments.apps/osm-injector', '-n', 'arc-osm-system')).toBe('yes 0');
    expect(await can('get', 'deployments.apps/osm-controller', '-n', 'arc-osm-system')).toBe('no 1');
    expect(await can('list', 'secrets', '-A')).toBe('no 1');
  });
});

describe('serve --rbac through client-node', () => {
  it('gets the Forbidden Status as an ApiException with code 403', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(k.server.kubeconfig);
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'arc-osm-system' });
    expect(pods.items).toHaveLength(3);
    const err = await kc
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace: 'arc-osm-system' })
      .catch((e: { code: number; body: string }) => e);
    expect((err as { code: number }).code).toBe(403);
    expect(JSON.parse((err as { body: string }).body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `deployments.apps is forbidden: User "${SA}" cannot list resource "deployments" in API group "apps" in the namespace "arc-osm-system"`,
      reason: 'Forbidden',
      details: { group: 'apps', kind: 'deployments' },
      code: 403,
    });
  });
});

describe('rule matching', () => {
  const attrs = (verb: string, plural: string, extra: Partial<{ group: string; subresource: string; namespace: string; name: string }> = {}) => ({
    user: SA,
    verb,
    group: '',
    plural,
    ...extra,
  });
  const policy = (rules: string) => parseRbacPolicy(`kind: ClusterRole\nmetadata: {name: r}\nrules:\n${rules}`, 'test');

  it('follows the authorizer on wildcards and subresources', () => {
    const p = policy('- {apiGroups: ["*"], resources: ["*"], verbs: [get]}\n- {apiGroups: [""], resources: ["*/status"], verbs: [update]}');
    expect(rbacAllows(p, attrs('get', 'meshconfigs', { group: 'config.openservicemesh.io', name: 'x', namespace: 'a' }))).toBe(true);
    expect(rbacAllows(p, attrs('get', 'pods', { subresource: 'log', name: 'x', namespace: 'a' }))).toBe(true);
    expect(rbacAllows(p, attrs('list', 'pods'))).toBe(false);
    expect(rbacAllows(p, attrs('update', 'pods', { subresource: 'status', name: 'x', namespace: 'a' }))).toBe(true);
    expect(rbacAllows(p, attrs('update', 'pods', { name: 'x', namespace: 'a' }))).toBe(false);
  });

  it('does not let pods cover pods/log, nor resourceNames cover a list', () => {
    const p = policy('- {apiGroups: [""], resources: [pods], verbs: ["*"], resourceNames: [a]}');
    expect(rbacAllows(p, attrs('get', 'pods', { name: 'a', namespace: 'n' }))).toBe(true);
    expect(rbacAllows(p, attrs('get', 'pods', { name: 'b', namespace: 'n' }))).toBe(false);
    expect(rbacAllows(p, attrs('list', 'pods', { namespace: 'n' }))).toBe(false);
    expect(rbacAllows(p, attrs('get', 'pods', { name: 'a', namespace: 'n', subresource: 'log' }))).toBe(false);
    expect(rbacAllows(p, attrs('get', 'pods', { group: 'apps', name: 'a', namespace: 'n' }))).toBe(false);
  });

  it('refuses a file without roles or with a malformed rule, naming it', () => {
    expect(() => parseRbacPolicy('kind: ServiceAccount\nmetadata: {name: a}\n', '--rbac f.yaml')).toThrow(new UsageError('--rbac f.yaml: holds no ClusterRole or Role'));
    expect(() => parseRbacPolicy('kind: ClusterRole\nmetadata: {name: a}\nrules:\n- resources: [pods]\n', '--rbac f.yaml')).toThrow(
      new UsageError('--rbac f.yaml: ClusterRole a: rules[0]: verbs is required'),
    );
    expect(() => parseRbacPolicy('kind: Role\nmetadata: {name: a}\nrules: []\n', '--rbac f.yaml')).toThrow(new UsageError('--rbac f.yaml: Role a: a Role needs metadata.namespace'));
    expect(() => parseRbacPolicy('kind: ClusterRole\nrules: [\n', '--rbac f.yaml')).toThrow(/^--rbac f.yaml: invalid YAML: /);
  });
});

describe('arcdoctor serve --rbac --as-user (the CLI)', () => {
  const run = promisify(execFile);
  it('enforces the file as the user named by --as-user and says so on stderr', async () => {
    const file = roleFile(ROLES);
    const child = spawn(process.execPath, ['bin/arcdoctor', 'serve', '--snapshot', GUIDE_SNAPSHOT, '--rbac', file, '--as-user', 'alice@example.com'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => stderr.includes('--rbac') && (clearInterval(t), resolve()), 20);
        setTimeout(() => reject(new Error(`no server: ${stderr}`)), 10_000);
      });
      expect(stderr.split('\n')[1]).toBe(`arcdoctor: --rbac ${file}: requests run as alice@example.com, allowed only what its roles allow`);
      const url = /server: (http:\/\/[^\s]+)/.exec(stdout)![1];
      const body = await (await fetch(`${url}/api/v1/configmaps`)).json();
      expect(body.message).toBe('configmaps is forbidden: User "alice@example.com" cannot list resource "configmaps" in API group "" at the cluster scope');
      expect((await fetch(`${url}/api/v1/pods`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('exits 2 with one line for a role file that is missing', async () => {
    const r = await run(process.execPath, ['bin/arcdoctor', 'serve', '--snapshot', GUIDE_SNAPSHOT, '--rbac', 'nope/role.yaml']).catch((e) => e);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('arcdoctor: --rbac nope/role.yaml: cannot read (ENOENT)');
  });
});
