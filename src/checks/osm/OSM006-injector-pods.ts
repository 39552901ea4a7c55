// OSM006: an osm-injector pod is READY 1/1 and Running (guide: "Verificar o pod do injetor do OSM").
import { podTroubled } from '../../engine/log-needs.js';
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluatePods } from './control-plane-pods.js';
import { injectorComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM006',
  area: 'osm',
  title: 'an osm-injector pod is READY 1/1 and Running',
  guide: 'Verificar o pod do injetor do OSM',
  reads: [{ type: R.Pod }],
  logs: [{ selector: 'app=osm-injector', container: 'osm-injector', tailLines: 10, decisive: false, when: (pod) => podTroubled(pod, 'osm-injector') }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    return evaluatePods(snap, componentScope(snap, injectorComponent));
  },
});
