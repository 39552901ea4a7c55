import { describe, expect, it } from 'vitest';
import OSM014 from '../../../src/checks/osm/OSM014-pods-without-sidecar.js';
import { NOW, runOne } from '../../helpers/check-harness.js';
import { edited, namespace, podOfApp, withoutSidecar } from './mesh-fixtures.js';

describe('OSM014 pods in joined namespaces carry Envoy', () => {
  it.each(['healthy-v1.2', 'healthy-v1.0', 'guide-healthy'])('passes on %s', (name) => {
    const r = runOne(OSM014, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('run the envoy sidecar');
  });

  it('warns naming the pod and its Deployment, with rollout restart and the patch kubectl sends', () => {
    const r = runOne(OSM014, edited((o) => void withoutSidecar(podOfApp(o, 'bookstore'))));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('Deployment bookstore/bookstore: 1 pod(s) without the Envoy sidecar (bookstore-5cf6d9f9d7-p4kzn)');
    expect(r.remediation?.commands).toEqual(['kubectl rollout restart deployment bookstore -n bookstore']);
    expect(r.fixes?.[0]).toMatchObject({
      target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bookstore', name: 'bookstore' },
      patchType: 'strategic',
      patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': NOW.toISOString().replace('.000Z', 'Z') } } } } },
    });
  });

  const ignored: Array<[string, Parameters<typeof edited>[0]]> = [
    ['the pod opts out with sidecar-injection: disabled', (o) => void (withoutSidecar(podOfApp(o, 'bookstore')).metadata.annotations = { 'openservicemesh.io/sidecar-injection': 'disabled' })],
    ['the pod completed', (o) => void (withoutSidecar(podOfApp(o, 'bookstore')).status.phase = 'Succeeded')],
    ['the pod uses hostNetwork', (o) => void (withoutSidecar(podOfApp(o, 'bookstore')).spec.hostNetwork = true)],
    ['the namespace is ignored', (o) => {
      withoutSidecar(podOfApp(o, 'bookstore'));
      namespace(o, 'bookstore').metadata.labels!['openservicemesh.io/ignore'] = 'true';
    }],
    ['the namespace is not in the mesh', (o) => {
      withoutSidecar(podOfApp(o, 'bookstore'));
      delete namespace(o, 'bookstore').metadata.labels!['openservicemesh.io/monitored-by'];
    }],
  ];
  it.each(ignored)('passes when %s', (_name, edit) => {
    expect(runOne(OSM014, edited(edit)).status).toBe('pass');
  });

  it('asks to delete a bare pod, which no rollout can restart', () => {
    const r = runOne(OSM014, edited((o) => void (withoutSidecar(podOfApp(o, 'bookbuyer')).metadata.ownerReferences = undefined)));
    expect(r.status).toBe('warn');
    expect(r.remediation?.commands[0]).toContain('kubectl delete pod bookbuyer-7676c7fcfb-x8q2m -n bookbuyer');
    expect(r.fixes).toEqual([]);
  });
});
