// OSM003: osm-controller service exposes 15128/TCP and 9092/TCP (guide: "Verificar o serviço do controlador OSM").
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluateService } from './control-plane-services.js';
import { controllerComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM003',
  area: 'osm',
  title: 'osm-controller service exposes 15128/TCP and 9092/TCP',
  guide: 'Verificar o serviço do controlador OSM',
  reads: [{ type: R.Service }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    return evaluateService(snap, componentScope(snap, controllerComponent));
  },
});
