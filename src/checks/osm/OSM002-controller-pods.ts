// OSM002: an osm-controller pod is READY and Running, without sidecars (guide: "Verificar pods do controlador OSM").
import { podTroubled } from '../../engine/log-needs.js';
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluatePods } from './control-plane-pods.js';
import { controllerComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM002',
  area: 'osm',
  title: 'an osm-controller pod is READY and Running, without sidecars',
  guide: 'Verificar pods do controlador OSM',
  reads: [{ type: R.Pod }],
  logs: [{ selector: 'app=osm-controller', container: 'osm-controller', tailLines: 10, decisive: false, when: (pod) => podTroubled(pod, 'osm-controller') }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap, ctx) {
    return evaluatePods(snap, componentScope(snap, controllerComponent), ctx.now);
  },
});
