// OSM007: osm-injector service exposes 9090/TCP and no external IP (guide: "Verificar o serviço de injetor do OSM").
import { defineCheck } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { componentScope } from './control-plane-common.js';
import { evaluateService } from './control-plane-services.js';
import { injectorComponent } from './control-plane.js';

export default defineCheck({
  id: 'OSM007',
  area: 'osm',
  title: 'osm-injector service exposes 9090/TCP and no external IP',
  guide: 'Verificar o serviço de injetor do OSM',
  reads: [{ type: R.Service }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    return evaluateService(snap, componentScope(snap, injectorComponent));
  },
});
