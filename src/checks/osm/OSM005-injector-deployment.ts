// OSM005: osm-injector deployment is READY and available (guide: "Verificar a implantação do injetor do OSM").
import { podTroubled } from '../../engine/log-needs.js';
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluateDeployment } from './control-plane-deployments.js';
import { injectorComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM005',
  area: 'osm',
  title: 'osm-injector deployment is READY and available',
  guide: 'Verificar a implantação do injetor do OSM',
  reads: [{ type: R.Deployment }, { type: R.Pod }],
  logs: [{ selector: 'app=osm-injector', container: 'osm-injector', tailLines: 10, decisive: false, when: (pod) => podTroubled(pod, 'osm-injector') }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    return evaluateDeployment(snap, componentScope(snap, injectorComponent));
  },
});
