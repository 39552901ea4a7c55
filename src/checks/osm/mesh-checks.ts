// OSM009–OSM016: webhooks, CA bundles, MeshConfig, namespaces, sidecars, SMI CRDs, Envoy, in catalog order.
import type { CheckDefinition } from '../define.js';
import OSM009 from './OSM009-webhook-configurations.js';
import OSM010 from './OSM010-webhook-services.js';
import OSM011 from './OSM011-webhook-ca-bundles.js';
import OSM012 from './OSM012-mesh-config.js';
import OSM013 from './OSM013-namespace-membership.js';
import OSM014 from './OSM014-pods-without-sidecar.js';
import OSM015 from './OSM015-smi-crds.js';
import OSM016 from './OSM016-envoy-image.js';

export const meshChecks: CheckDefinition[] = [OSM009, OSM010, OSM011, OSM012, OSM013, OSM014, OSM015, OSM016];
