// Every check in the catalog, grouped by area in the order reports show them.
import type { AreaDefinition, CheckDefinition } from './define.js';
import * as k8s from './k8s/index.js';
import * as azure from './azure/index.js';
import * as flux from './flux/index.js';
import * as ama from './ama/index.js';
import * as osm from './osm/index.js';

const areaModules = [k8s, azure, flux, ama, osm];

export const AREA_DEFINITIONS: AreaDefinition[] = areaModules.map((m) => m.area);
export const CHECKS: CheckDefinition[] = areaModules.flatMap((m) => m.checks);

export function findCheck(id: string): CheckDefinition | undefined {
  return CHECKS.find((c) => c.id === id.toUpperCase());
}
