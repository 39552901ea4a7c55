import { describe, expect, it } from 'vitest';
import { meshChecks } from '../../../src/checks/osm/mesh-checks.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { edited, meshConfig, mutating, namespace, podOfApp, validating } from './mesh-fixtures.js';

/** Shapes a hand-made or half-written snapshot may hold: each check must decide or skip, never crash. */
const oddities: Array<[string, (o: KubeObject[]) => void]> = [
  ['webhooks is not a list', (o) => void (validating(o).webhooks = { name: 'x' })],
  ['a webhook without clientConfig', (o) => void delete mutating(o).webhooks[0].clientConfig],
  ['a caBundle that is a number', (o) => void (validating(o).webhooks[0].clientConfig.caBundle = 12345)],
  ['a MeshConfig without spec', (o) => void delete meshConfig(o).spec],
  ['a MeshConfig whose sections are null', (o) => void (meshConfig(o).spec = { traffic: null, featureFlags: 'x' })],
  ['a namespace without labels or annotations', (o) => void (namespace(o, 'bookstore').metadata = { name: 'bookstore' })],
  ['a pod without spec or status', (o) => {
    const p = podOfApp(o, 'bookstore');
    delete p.spec;
    delete p.status;
  }],
  ['a CRD without spec', (o) => void delete o.find((x) => x.kind === 'CustomResourceDefinition')!.spec],
];

describe('OSM009–OSM016 on odd input', () => {
  for (const [name, edit] of oddities) {
    it(`never crash on ${name}`, () => {
      for (const check of meshChecks) {
        const r = runOne(check, edited(edit));
        expect(r.message, `${check.id}: ${r.message}`).not.toContain('the check itself failed');
      }
    });
  }
});
