// OSM001: osm-controller deployment is READY and available (guide: "Verificar a implantação do controlador OSM").
import { podTroubled } from '../../engine/log-needs.js';
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluateDeployment } from './control-plane-deployments.js';
import { controllerComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM001',
  area: 'osm',
  title: 'osm-controller deployment is READY and available',
  guide: 'Verificar a implantação do controlador OSM',
  reads: [{ type: R.Deployment }, { type: R.Pod }],
  logs: [{ selector: 'app=osm-controller', container: 'osm-controller', tailLines: 10, decisive: false, when: (pod) => podTroubled(pod, 'osm-controller') }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    return evaluateDeployment(snap, componentScope(snap, controllerComponent));
  },
});
