import { describe, expect, it } from 'vitest';
import OSM006 from '../../../src/checks/osm/OSM006-injector-pods.js';
import { runOne } from '../../helpers/check-harness.js';
import { changed, crashLoop, podOf, without } from './control-plane-fixtures.js';

const valid = [
  { it: 'passes on the healthy Arc OSM v1.2.6 injector pod', snap: () => changed(() => {}), message: 'osm-injector-5986c57765-vlsdk READY 1/1 Running, 0 restarts' },
  { it: 'passes on the healthy Arc OSM v1.1.1 injector pod', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: 'READY 1/1 Running' },
  { it: 'passes on the healthy Arc OSM v1.0.0 injector pod', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: 'READY 1/1 Running' },
  { it: "passes on the guide's output (osm-injector-5986c57765-vlsdk 1/1 Running)", snap: () => changed(() => {}, { base: 'guide-healthy' }), message: 'osm-injector-5986c57765-vlsdk READY 1/1 Running' },
];

const invalid = [
  {
    it: 'fails when the injector pod is CrashLoopBackOff after being OOMKilled',
    snap: () => changed((o) => crashLoop(podOf(o, 'osm-injector'), 'osm-injector', 9, 'OOMKilled')),
    message: 'osm-injector-5986c57765-vlsdk READY 0/1 CrashLoopBackOff, 9 restarts',
    evidence: 'last terminated OOMKilled',
  },
  {
    it: 'fails when the injector pod is Running but not ready (READY 0/1)',
    snap: () => changed((o) => {
      const pod = podOf(o, 'osm-injector');
      pod.status.conditions.find((c: { type: string }) => c.type === 'Ready').status = 'False';
      pod.status.containerStatuses[0].ready = false;
    }),
    message: 'osm-injector-5986c57765-vlsdk READY 0/1 Running',
    evidence: 'READY 0/1 Running',
  },
  {
    it: 'fails when the injector pod is Pending and unschedulable',
    snap: () => changed((o) => {
      const pod = podOf(o, 'osm-injector');
      pod.status = { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] };
    }),
    message: 'READY 0/1 Pending',
    evidence: '0/3 nodes are available: 3 Insufficient cpu.',
  },
  { it: 'fails when there are no injector pods', snap: () => changed((o) => without(o, 'Pod', 'osm-injector-5986c57765-vlsdk')), message: 'no osm-injector pods in arc-osm-system', evidence: 'none' },
];

describe('OSM006 an osm-injector pod is READY 1/1 and Running', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM006, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }
  for (const c of invalid) {
    it(c.it, () => {
      const r = runOne(OSM006, c.snap());
      expect(r.status, r.message).toBe('fail');
      expect(r.message).toContain(c.message);
      expect(r.evidence.map((e) => String(e.observed)).join('\n')).toContain(c.evidence);
    });
  }
});
