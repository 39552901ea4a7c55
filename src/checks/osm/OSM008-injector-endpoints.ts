// OSM008: osm-injector service has a ready endpoint on 9090 (guide: "Verificar pontos de extremidade do injetor osM").
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluateEndpoints } from './control-plane-endpoints.js';
import { injectorComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM008',
  area: 'osm',
  title: 'osm-injector service has a ready endpoint on 9090',
  guide: 'Verificar pontos de extremidade do injetor osM',
  reads: [{ type: R.Endpoints }, { type: R.EndpointSlice }, { type: R.Service }, { type: R.Deployment }, { type: R.ReplicaSet }, { type: R.StatefulSet }, { type: R.DaemonSet }, { type: R.Event }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    return evaluateEndpoints(snap, componentScope(snap, injectorComponent));
  },
});
