// The control plane's explanatory logs are read only for a troubled pod, judged on the named container.
import { describe, expect, it } from 'vitest';
import OSM001 from '../../../src/checks/osm/OSM001-controller-deployment.js';
import OSM002 from '../../../src/checks/osm/OSM002-controller-pods.js';
import OSM005 from '../../../src/checks/osm/OSM005-injector-deployment.js';
import OSM006 from '../../../src/checks/osm/OSM006-injector-pods.js';
import { Snapshot } from '../../../src/snapshot/snapshot.js';
import type { KubeObject } from '../../../src/snapshot/objects.js';

function pod(container: string, ready: boolean, restartCount = 0): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${container}-5986c57765-vlsdk`, namespace: 'arc-osm-system', labels: { app: container } },
    spec: { containers: [{ name: container, image: `mcr.microsoft.com/oss/openservicemesh/${container}:v1.2.9` }] },
    status: { phase: 'Running', containerStatuses: [{ name: container, ready, restartCount, image: `mcr.microsoft.com/oss/openservicemesh/${container}:v1.2.9` }] },
  } as KubeObject;
}

describe.each([
  ['OSM001', OSM001, 'osm-controller'],
  ['OSM005', OSM005, 'osm-injector'],
  ['OSM002', OSM002, 'osm-controller'],
  ['OSM006', OSM006, 'osm-injector'],
])('%s log need', (_id, check, container) => {
  const need = check.logs![0];
  const snap = new Snapshot({ objects: [] });

  it('names the container and is explanatory, not decisive', () => {
    expect({ selector: need.selector, container: need.container, tailLines: need.tailLines, decisive: need.decisive }).toEqual({ selector: `app=${container}`, container, tailLines: 10, decisive: false });
  });

  it('reads nothing for a ready, never-restarted pod; reads a not-ready or restarted one', () => {
    expect(need.when!(pod(container, true), snap)).toBe(false);
    expect(need.when!(pod(container, false), snap)).toBe(true);
    expect(need.when!(pod(container, true, 3), snap)).toBe(true);
  });
});
