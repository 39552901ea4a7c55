import { describe, expect, it } from 'vitest';
import type { ClusterFixAction, FixAction } from '../../../src/checks/define.js';
const clusterFixes = (r: { fixes?: FixAction[] }) => r.fixes as ClusterFixAction[] | undefined;
import OSM013 from '../../../src/checks/osm/OSM013-namespace-membership.js';
import { runOne } from '../../helpers/check-harness.js';
import { edited, namespace } from './mesh-fixtures.js';

const LABEL = 'openservicemesh.io/monitored-by';
const ANNOTATION = 'openservicemesh.io/sidecar-injection';

describe('OSM013 namespaces joined to the mesh', () => {
  it.each(['healthy-v1.2', 'guide-healthy'])('passes on %s, naming the joined namespaces', (name) => {
    const r = runOne(OSM013, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('bookbuyer');
  });

  it('warns when a namespace is labelled but not annotated, with osm namespace add and a merge-patch fix', () => {
    const r = runOne(OSM013, edited((o) => void delete namespace(o, 'bookstore').metadata.annotations![ANNOTATION]));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('Namespace bookstore is labelled openservicemesh.io/monitored-by=osm but not annotated');
    expect(r.remediation?.commands).toEqual(['osm namespace add bookstore --mesh-name osm', `kubectl annotate namespace bookstore ${ANNOTATION}=enabled --overwrite`]);
    expect(r.fixes).toEqual([{ title: expect.any(String), target: { apiVersion: 'v1', kind: 'Namespace', name: 'bookstore' }, patchType: 'merge', patch: { metadata: { annotations: { [ANNOTATION]: 'enabled' } } } }]);
  });

  it('warns when a namespace is annotated but not labelled', () => {
    const r = runOne(OSM013, edited((o) => void delete namespace(o, 'bookbuyer').metadata.labels![LABEL]));
    expect(r.status).toBe('warn');
    expect(r.remediation?.commands).toContain(`kubectl label namespace bookbuyer ${LABEL}=osm`);
    expect(r.findings?.[0].object).toMatchObject({ kind: 'Namespace', name: 'bookbuyer' });
  });

  it('fails when arc-osm-system itself is labelled to join the mesh', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'arc-osm-system').metadata.labels![LABEL] = 'osm')));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('The OSM namespace arc-osm-system is labelled');
    expect(r.remediation?.commands).toContain(`kubectl label namespace arc-osm-system ${LABEL}-`);
    expect(clusterFixes(r)?.[0].patch).toEqual({ metadata: { labels: { [LABEL]: null } } });
  });

  it('passes with a note when injection is disabled on purpose (osm namespace add --disable-sidecar-injection)', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'bookstore').metadata.annotations![ANNOTATION] = 'disabled')));
    expect(r.status).toBe('pass');
    expect(r.notes?.[0]).toContain('bookstore');
  });

  it('does not count the ignored Arc namespaces (kube-system, azure-arc) as half-joined', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'kube-system').metadata.annotations = { [ANNOTATION]: 'enabled' })));
    expect(r.status).toBe('pass');
  });
});

describe('OSM013 without Namespaces in the snapshot', () => {
  it('ends in error: with no Namespace objects, membership cannot be told', () => {
    const r = runOne(OSM013, edited((o) => o.filter((x) => x.kind !== 'Namespace')));
    expect(r.status).toBe('error');
  });
});
