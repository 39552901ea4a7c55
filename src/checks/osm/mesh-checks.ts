// OSM009–OSM016: webhooks, CA bundles, MeshConfig, namespaces, sidecars, SMI CRDs, Envoy, in catalog order.
import type { CheckDefinition } from '../define.js';

export const meshChecks: CheckDefinition[] = [];
