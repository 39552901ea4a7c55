// OSM010 exactly: every field of clientConfig.service, the Service it calls, the JSON patch that restores it, and how
// the configurations of this mesh are found (webhooks.ts).
import { describe, expect, it } from 'vitest';
import OSM010 from '../../../src/checks/osm/OSM010-webhook-services.js';
import type { CheckOutcome } from '../../../src/checks/define.js';
import { findWebhookConfigs, restartOwnerCommand, webhookEntries, webhookExpectations } from '../../../src/checks/osm/webhooks.js';
import { parseVersion } from '../../../src/checks/shared/versions.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { meshBase, mutating, obj, validating } from './mesh-fixtures.js';

const VREF = 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration osm-validator-mesh-osm';
const MREF = 'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration arc-osm-webhook-osm';
const VOBJ = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: 'osm-validator-mesh-osm' };
const MOBJ = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'arc-osm-webhook-osm' };
const PASS = 'osm-validator-mesh-osm → arc-osm-system/osm-validator:9093/validate; arc-osm-webhook-osm → arc-osm-system/osm-injector:9090/mutate-pod-creation';
const REMEDIATION = 'The webhook configurations are owned by OSM: restart the deployment that owns each one so it rewrites clientConfig, and make sure the Service it points at exists in arc-osm-system.';
const vCommands = ["kubectl get ValidatingWebhookConfiguration osm-validator-mesh-osm -o json | jq '.webhooks[0].clientConfig.service'", 'kubectl get service osm-validator -n arc-osm-system', 'kubectl rollout restart deployment osm-controller -n arc-osm-system'];
const mCommands = ["kubectl get MutatingWebhookConfiguration arc-osm-webhook-osm -o json | jq '.webhooks[0].clientConfig.service'", 'kubectl get service osm-injector -n arc-osm-system', 'kubectl rollout restart deployment osm-injector -n arc-osm-system'];
const V_SERVICE = { name: 'osm-validator', namespace: 'arc-osm-system', port: 9093, path: '/validate' };
const M_SERVICE = { name: 'osm-injector', namespace: 'arc-osm-system', port: 9090, path: '/mutate-pod-creation' };

function run(edit: (o: KubeObject[]) => KubeObject[] | void): CheckOutcome {
  const o = meshBase();
  return OSM010.run(snapshotOf(edit(o) ?? o), { now: NOW, catalog: [] });
}
const svc = (o: KubeObject[], pick: (o: KubeObject[]) => KubeObject) => pick(o).webhooks[0].clientConfig.service;
const ca = (pick: (o: KubeObject[]) => KubeObject) => pick(meshBase()).webhooks[0].clientConfig.caBundle;
const fix = (obj: typeof VOBJ, service: typeof V_SERVICE, caBundle: unknown, title: string) => ({
  title,
  target: obj,
  patchType: 'json',
  patch: [{ op: 'replace', path: '/webhooks/0/clientConfig', value: caBundle === undefined ? { service } : { caBundle, service } }],
});
const V_FIX_TITLE = 'Restore osm-validator-mesh-osm webhooks[0] (osm-validator.k8s.io) clientConfig.service to arc-osm-system/osm-validator:9093/validate';
const M_FIX_TITLE = 'Restore arc-osm-webhook-osm webhooks[0] (osm-inject.k8s.io) clientConfig.service to arc-osm-system/osm-injector:9090/mutate-pod-creation';

describe('OSM010 exact outcomes', () => {
  it('passes naming each webhook\'s service, namespace, port and path', () => {
    expect(run(() => undefined)).toEqual({ status: 'pass', message: PASS, evidence: undefined, notes: undefined });
  });

  it('fails a wrong service name with its evidence, commands and the JSON patch keeping the caBundle', () => {
    const r = run((o) => void (svc(o, validating).name = 'osm-config-validator'));
    const evidence = [{ ref: VREF, path: 'webhooks[0].clientConfig.service.name', observed: 'osm-config-validator', expected: 'osm-validator' }];
    const message = 'osm-validator-mesh-osm webhook osm-validator.k8s.io: service.name differs from what OSM expects';
    const fixes = [fix(VOBJ, V_SERVICE, ca(validating), V_FIX_TITLE)];
    expect(r).toEqual({
      status: 'fail', message, evidence, remediation: { text: REMEDIATION, commands: vCommands },
      findings: [{ status: 'fail', object: VOBJ, message, evidence, commands: vCommands, fixes }], fixes, notes: undefined,
    });
  });

  it('lists every wrong field (plural), the absent path and port as absent, and patches them all', () => {
    const r = run((o) => {
      const s = svc(o, mutating);
      s.namespace = 'osm-system';
      delete s.path;
      delete s.port;
    });
    expect(r.message).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: service.namespace, service.path, service.port differ from what OSM expects');
    expect(r.evidence).toEqual([
      { ref: MREF, path: 'webhooks[0].clientConfig.service.namespace', observed: 'osm-system', expected: 'arc-osm-system' },
      { ref: MREF, path: 'webhooks[0].clientConfig.service.path', observed: 'absent', expected: '/mutate-pod-creation' },
      { ref: MREF, path: 'webhooks[0].clientConfig.service.port', observed: 'absent (443)', expected: 9090 },
    ]);
    expect(r.remediation?.commands).toEqual(mCommands);
    expect(r.fixes).toEqual([fix(MOBJ, M_SERVICE, ca(mutating), M_FIX_TITLE)]);
  });

  it('reports a wrong port as the number it is, and accepts 443 only when OSM expects it', () => {
    const r = run((o) => void (svc(o, validating).port = 443));
    expect(r.evidence).toEqual([{ ref: VREF, path: 'webhooks[0].clientConfig.service.port', observed: 443, expected: 9093 }]);
  });

  it('fails a webhook calling a URL, restoring the service and dropping the URL; without a caBundle the patch has none', () => {
    const r = run((o) => {
      const cc = mutating(o).webhooks[0].clientConfig;
      delete cc.service;
      delete cc.caBundle;
      cc.url = 'https://10.0.0.7:9090/mutate-pod-creation';
    });
    expect(r.message).toBe('arc-osm-webhook-osm webhook osm-inject.k8s.io: service differs from what OSM expects');
    expect(r.evidence).toEqual([{ ref: MREF, path: 'webhooks[0].clientConfig.service', observed: 'url https://10.0.0.7:9090/mutate-pod-creation', expected: 'service osm-injector in arc-osm-system' }]);
    expect(r.fixes).toEqual([fix(MOBJ, M_SERVICE, undefined, M_FIX_TITLE)]);
  });

  it('fails a webhook with neither service nor URL, naming it by index when it has no name', () => {
    const r = run((o) => {
      const w = validating(o).webhooks[0];
      delete w.name;
      w.clientConfig = { caBundle: w.clientConfig.caBundle };
    });
    expect(r.message).toBe('osm-validator-mesh-osm webhook 0: service differs from what OSM expects');
    expect(r.evidence).toEqual([{ ref: VREF, path: 'webhooks[0].clientConfig.service', observed: 'absent', expected: 'service osm-validator in arc-osm-system' }]);
    expect(r.fixes).toEqual([fix(VOBJ, V_SERVICE, ca(validating), 'Restore osm-validator-mesh-osm webhooks[0] (0) clientConfig.service to arc-osm-system/osm-validator:9093/validate')]);
  });

  it('fails when the Service it calls does not exist, with no fix (the configuration is right)', () => {
    const r = run((o) => o.filter((x) => !(x.kind === 'Service' && x.metadata.name === 'osm-injector')));
    const evidence = [{ ref: 'v1/Service arc-osm-system/osm-injector', path: 'metadata.name', observed: 'not found', expected: 'a Service osm-injector with port 9090' }];
    const message = 'arc-osm-webhook-osm webhook osm-inject.k8s.io: the Service it calls, v1/Service arc-osm-system/osm-injector, does not exist: every admission call fails';
    expect(r).toEqual({
      status: 'fail', message, evidence, remediation: { text: REMEDIATION, commands: mCommands },
      findings: [{ status: 'fail', object: MOBJ, message, evidence, commands: mCommands, fixes: undefined }], fixes: [], notes: undefined,
    });
  });

  it.each([
    ['exposes another port', [{ name: 'http', port: 80, targetPort: 9093 }], '80'],
    ['exposes two other ports', [{ port: 80 }, { port: 8443 }], '80,8443'],
    ['exposes no port', [], 'none'],
  ])('fails when the Service %s', (_n, ports, observed) => {
    const r = run((o) => void (obj(o, 'Service', 'osm-validator').spec.ports = ports));
    expect(r.message).toBe(`osm-validator-mesh-osm webhook osm-validator.k8s.io: the Service it calls, v1/Service arc-osm-system/osm-validator, does not expose port 9093 (it has ${observed}): every admission call fails`);
    expect(r.evidence).toEqual([{ ref: 'v1/Service arc-osm-system/osm-validator', path: 'spec.ports', observed, expected: 'port 9093' }]);
    expect(r.fixes).toEqual([]);
  });

  it('fails a service that is not an object, and a Service without ports', () => {
    const r = run((o) => void (mutating(o).webhooks[0].clientConfig.service = 'osm-injector'));
    expect(r.evidence).toEqual([{ ref: MREF, path: 'webhooks[0].clientConfig.service', observed: 'absent', expected: 'service osm-injector in arc-osm-system' }]);
    const noPorts = run((o) => void delete obj(o, 'Service', 'osm-injector').spec.ports);
    expect(noPorts.evidence).toEqual([{ ref: 'v1/Service arc-osm-system/osm-injector', path: 'spec.ports', observed: 'none', expected: 'port 9090' }]);
  });

  it('accepts a webhook port written as a string', () => {
    expect(run((o) => void (svc(o, mutating).port = '9090')).status).toBe('pass');
  });

  it('accepts a Service port written as a string, and judges no Service when the snapshot holds none', () => {
    expect(run((o) => void (obj(o, 'Service', 'osm-validator').spec.ports = [{ port: '9093' }])).status).toBe('pass');
    expect(run((o) => o.filter((x) => x.kind !== 'Service'))).toEqual({ status: 'pass', message: PASS, evidence: undefined, notes: undefined });
  });

  it('reports both configurations, counting the problems', () => {
    const r = run((o) => {
      svc(o, validating).path = '/validate-webhook';
      svc(o, mutating).path = '/mutate';
    });
    expect(r.message).toBe('2 problems: osm-validator-mesh-osm webhook osm-validator.k8s.io: service.path differs from what OSM expects; and 1 more');
    expect(r.fixes).toHaveLength(2);
  });
});

describe('OSM010 on a pre-1.0 release (the guide\'s osm-config-validator)', () => {
  const legacy = (o: KubeObject[]) => {
    obj(o, 'Deployment', 'osm-controller', 'arc-osm-system').spec.template.spec.containers[0].image = 'mcr.microsoft.com/oss/openservicemesh/osm-controller:v0.8.4';
  };
  it('keeps the legacy name it uses when restoring another field', () => {
    const r = run((o) => {
      legacy(o);
      obj(o, 'Service', 'osm-validator').metadata.name = 'osm-config-validator';
      Object.assign(svc(o, validating), { name: 'osm-config-validator', namespace: 'default' });
    });
    expect(r.evidence).toEqual([{ ref: VREF, path: 'webhooks[0].clientConfig.service.namespace', observed: 'default', expected: 'arc-osm-system' }]);
    expect(r.fixes).toEqual([fix(VOBJ, { ...V_SERVICE, name: 'osm-config-validator' }, ca(validating), 'Restore osm-validator-mesh-osm webhooks[0] (osm-validator.k8s.io) clientConfig.service to arc-osm-system/osm-config-validator:9093/validate')]);
  });

  it('names both accepted services when the name is neither, and restores the current one', () => {
    const r = run((o) => {
      legacy(o);
      svc(o, validating).name = 'validator';
    });
    expect(r.evidence).toEqual([{ ref: VREF, path: 'webhooks[0].clientConfig.service.name', observed: 'validator', expected: 'osm-validator or osm-config-validator' }]);
    expect(r.fixes).toEqual([fix(VOBJ, V_SERVICE, ca(validating), V_FIX_TITLE)]);
  });
});

describe('webhooks.ts: the configurations of this mesh', () => {
  const install = (namespace: string, version?: string) => ({ present: true, namespace, meshName: 'osm', version: parseVersion(version) });

  it('expects the upstream osm-webhook name outside the Arc namespace, and one validator name from v1.0', () => {
    const [v, m] = webhookExpectations(install('osm-system', 'v1.2.4'));
    expect(v).toMatchObject({ configName: 'osm-validator-mesh-osm', serviceNames: ['osm-validator'], owner: 'osm-controller', selector: 'app=osm-controller', path: '/validate', port: 9093 });
    expect(m).toMatchObject({ configName: 'osm-webhook-osm', serviceNames: ['osm-injector'], owner: 'osm-injector', selector: 'app=osm-injector', path: '/mutate-pod-creation', port: 9090 });
    expect(webhookExpectations(install('arc-osm-system'))[0].serviceNames).toEqual(['osm-validator']);
    expect(webhookExpectations(install('arc-osm-system', 'v1.0.0'))[0].serviceNames).toEqual(['osm-validator']);
    expect(webhookExpectations(install('arc-osm-system', 'v0.9.2'))[0].serviceNames).toEqual(['osm-validator', 'osm-config-validator']);
    expect(restartOwnerCommand(install('osm-system'), m)).toBe('kubectl rollout restart deployment osm-injector -n osm-system');
  });

  it('keeps labelled configurations of this mesh or unnamed meshes, and the expected name whatever its instance label', () => {
    const o = meshBase();
    const other = structuredClone(validating(o));
    other.metadata = { ...other.metadata, name: 'osm-validator-mesh-other', labels: { ...other.metadata.labels, 'app.kubernetes.io/instance': 'other' } };
    const unlabelledInstance = structuredClone(validating(o));
    unlabelledInstance.metadata.name = 'osm-validator-copy';
    delete unlabelledInstance.metadata.labels!['app.kubernetes.io/instance'];
    validating(o).metadata.labels!['app.kubernetes.io/instance'] = 'renamed';
    const exp = webhookExpectations(install('arc-osm-system'))[0];
    const found = findWebhookConfigs(snapshotOf([...o, other, unlabelledInstance]), install('arc-osm-system'), exp);
    expect(found.byNameOnly).toBe(false);
    expect(found.configs.map((c) => c.metadata.name).sort()).toEqual(['osm-validator-copy', 'osm-validator-mesh-osm']);
  });

  it('falls back to the expected name when the labels were stripped, and finds nothing of another mesh only', () => {
    const o = meshBase();
    validating(o).metadata.labels = {};
    const exp = webhookExpectations(install('arc-osm-system'))[0];
    const byName = findWebhookConfigs(snapshotOf(o), install('arc-osm-system'), exp);
    expect([byName.byNameOnly, byName.configs.map((c) => c.metadata.name)]).toEqual([true, ['osm-validator-mesh-osm']]);
    validating(o).metadata = { name: 'osm-validator-mesh-other', labels: { app: 'osm-controller', 'app.kubernetes.io/instance': 'other' } };
    expect(findWebhookConfigs(snapshotOf(o), install('arc-osm-system'), exp)).toEqual({ configs: [], byNameOnly: false });
  });

  it('lists every webhook object with its index in the list (what a JSON patch path needs), ignoring configurations whose webhooks are not a list', () => {
    const a = { apiVersion: 'v1', kind: 'X', metadata: { name: 'a' }, webhooks: [{ name: 'w0' }, { name: 'w1' }] };
    const b = { apiVersion: 'v1', kind: 'X', metadata: { name: 'b' }, webhooks: { name: 'w' } };
    const c = { apiVersion: 'v1', kind: 'X', metadata: { name: 'c' }, webhooks: ['text', { name: 'c0' }] };
    expect(webhookEntries([a, b, c]).map((e) => [e.config.metadata.name, e.index, e.webhook.name])).toEqual([['a', 0, 'w0'], ['a', 1, 'w1'], ['c', 1, 'c0']]);
  });
});
