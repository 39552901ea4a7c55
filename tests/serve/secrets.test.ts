// Secrets never carry values out of serve: not in data/stringData, not through the last-applied annotation
// (the whole object as applied) and not through managedFields, whether the Secret came from the snapshot or
// was applied through the API. Asserted on the bytes kubectl and the HTTP API answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempSnapshot } from '../helpers/cli.js';
import { kubectlEnv, type KubectlEnv } from './serve-helpers.js';

const VALUE = 'hunter2-db-secret';
const B64 = Buffer.from(VALUE).toString('base64');
const LAST_APPLIED = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'app' }, stringData: { 'db-password': VALUE }, data: { token: B64 } });

const SNAPSHOT = {
  'snapshot.yaml': 'name: secrets\nserverVersion: v1.29.4\n',
  'namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n',
  'secrets.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: db',
    '  namespace: app',
    '  labels: {app: db}',
    '  annotations:',
    `    kubectl.kubernetes.io/last-applied-configuration: '${LAST_APPLIED}'`,
    '    team: data',
    '  managedFields:',
    '  - manager: kubectl-client-side-apply',
    '    operation: Update',
    '    fieldsType: FieldsV1',
    '    fieldsV1: {"f:data": {"f:token": {}}, "f:stringData": {"f:db-password": {}}}',
    'type: Opaque',
    'data:',
    `  token: ${B64}`,
    'stringData:',
    `  db-password: ${VALUE}`,
    '',
  ].join('\n'),
};

let k: KubectlEnv;
beforeAll(async () => {
  k = await kubectlEnv({ snapshot: tempSnapshot(SNAPSHOT) });
});
afterAll(async () => k?.close());

function expectNoValue(text: string): void {
  expect(text).not.toContain(VALUE);
  expect(text).not.toContain(B64);
  expect(text).not.toContain('db-password');
  expect(text).not.toContain('f:token');
}

describe('Secrets served by serve', () => {
  it('answer get, list, watch and tables without data, stringData, last-applied or managedFields', async () => {
    const base = `${k.server.url}/api/v1/namespaces/app/secrets`;
    const texts = await Promise.all(
      [`${base}/db`, base, `${k.server.url}/api/v1/secrets`, `${base}?watch=true`, `${base}?labelSelector=app%3Ddb`].map(async (u) => (await fetch(u)).text()),
    );
    const table = await (await fetch(`${base}?includeObject=Object`, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } })).text();
    for (const t of [...texts, table]) expectNoValue(t);
    const one = JSON.parse(texts[0]);
    expect(one.metadata.annotations).toEqual({ team: 'data' });
    expect(one.metadata.managedFields).toBeUndefined();
    expect(one.type).toBe('Opaque');
  });

  it('shows kubectl get -o yaml/json no value', async () => {
    for (const o of ['yaml', 'json']) {
      const r = await k.kubectl(['get', 'secret', 'db', '-n', 'app', '-o', o]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('name: db'.replace(': ', o === 'json' ? '": "' : ': '));
      expectNoValue(r.stdout);
    }
  });

  it('keeps the values of a Secret applied through the API out of every later answer', async () => {
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\n  namespace: app\nstringData:\n  db-password: ${VALUE}\ndata:\n  token: ${B64}\n`;
    const applied = await k.kubectl(['apply', '-f', '-', '-o', 'json'], manifest);
    expect(applied.stderr).toBe('');
    expectNoValue(applied.stdout);
    const got = await k.kubectl(['get', 'secret', 'applied', '-n', 'app', '-o', 'yaml']);
    expect(got.code).toBe(0);
    expectNoValue(got.stdout);
    const ssa = await k.kubectl(['apply', '--server-side', '-f', '-', '-o', 'yaml'], manifest.replace('name: applied', 'name: ssa'));
    expect(ssa.code).toBe(0);
    expectNoValue(ssa.stdout + (await k.kubectl(['get', 'secrets', '-A', '-o', 'yaml'])).stdout);
  });
});
