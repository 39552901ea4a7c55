// Which check's problem explains which others: declared as data beside the checks, used by src/engine/causes.ts.
// Each link reads "when CAUSE is a problem, it explains CONSEQUENCES", under a condition on their evidence:
// - `chain`: the checks look at one component along a known chain (pod → Deployment → Service endpoints → the
//   webhook calls to them), so both being problems is enough;
// - `shared-object`: the results' evidence names at least one object in common (the same Event counts: both
//   results then read the same denial or failure);
// - `same-namespace`: the cause's evidence names a Namespace in which the consequence's evidence names an object.
// Keep links acyclic: a consequence never leads back to its cause.

export type CauseLinkKind = 'chain' | 'shared-object' | 'same-namespace';

export interface CauseLink {
  cause: string;
  consequences: string[];
  link: CauseLinkKind;
  /** One sentence, said once per root cause it joins. */
  why: string;
}

export const CAUSE_LINKS: readonly CauseLink[] = [
  // Open Service Mesh: the namespace joined to its own mesh gets the controller a sidecar it cannot start with.
  {
    cause: 'OSM013',
    consequences: ['OSM002'],
    link: 'same-namespace',
    why: 'the OSM namespace arc-osm-system is joined to the mesh, so the osm-controller pod is given an Envoy sidecar and cannot become ready',
  },
  { cause: 'OSM002', consequences: ['OSM001'], link: 'chain', why: 'no osm-controller pod is ready, so its Deployment is unavailable' },
  { cause: 'OSM001', consequences: ['OSM004'], link: 'chain', why: 'the osm-controller Deployment is unavailable, so its Service has no ready endpoints' },
  { cause: 'OSM006', consequences: ['OSM005'], link: 'chain', why: 'no osm-injector pod is ready, so its Deployment is unavailable' },
  {
    cause: 'OSM005',
    consequences: ['OSM008'],
    link: 'chain',
    why: 'the osm-injector Deployment is unavailable, so its Service has no ready endpoint and the API server\'s calls to the injection webhook fail',
  },
  // Flux: nodes that cannot hold the controllers' requests leave them Pending; a policy that blocks flux-system
  // or pod identity's NMI intercepting the controllers' token requests keeps them from becoming ready.
  { cause: 'FLUX006', consequences: ['FLUX001'], link: 'shared-object', why: 'the nodes cannot schedule the Flux controllers\' requests, so the controllers stay Pending' },
  {
    cause: 'FLUX006',
    consequences: ['FLUX003'],
    link: 'shared-object',
    why: 'a container-limits policy caps the Flux containers below their requests, so it denies their pods in flux-system',
  },
  { cause: 'FLUX003', consequences: ['FLUX001'], link: 'shared-object', why: 'an admission policy blocks objects in flux-system, so the controllers cannot be created as installed' },
  // Container Insights: a node-level cause keeps the agents from being scheduled or from starting.
  { cause: 'AMA001', consequences: ['AMA003'], link: 'shared-object', why: 'the nodes cannot run privileged pods, so the ama-logs agents are not scheduled' },
  { cause: 'AMA002', consequences: ['AMA003'], link: 'shared-object', why: 'the addon-token-adapter container fails on Oracle Linux / RHEL 9 nodes, so the ama-logs agents are not ready' },
];
