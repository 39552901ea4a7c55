// OSM004: osm-controller service has ready endpoints on 15128 and 9092 (guide: "Verificar pontos de extremidade do controlador OSM").
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluateEndpoints } from './control-plane-endpoints.js';
import { controllerComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM004',
  area: 'osm',
  title: 'osm-controller service has ready endpoints on 15128 and 9092',
  guide: 'Verificar pontos de extremidade do controlador OSM',
  reads: [{ type: R.Endpoints }, { type: R.EndpointSlice }, { type: R.Service }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    return evaluateEndpoints(snap, componentScope(snap, controllerComponent));
  },
});
