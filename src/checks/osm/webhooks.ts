// OSM's admission webhook configurations: how to find them and what their clientConfig should say per release.
// OSM creates them at runtime (not from the chart): the validator from osm-controller, the injector from osm-injector.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { isArcInstall } from './flavour.js';
import type { OsmInstall } from './install.js';

export type WebhookKind = 'validating' | 'mutating';

export interface WebhookExpectation {
  kind: WebhookKind;
  type: typeof R.ValidatingWebhookConfiguration | typeof R.MutatingWebhookConfiguration;
  /** `kubectl get ValidatingWebhookConfiguration --selector app=osm-controller`, as the guide finds it. */
  selector: string;
  /** The object name OSM gives it for this mesh. */
  configName: string;
  /** The deployment that creates and patches it (restarting it re-creates the configuration and its caBundle). */
  owner: 'osm-controller' | 'osm-injector';
  /** Accepted service names; the first is the one remediation asks for. */
  serviceNames: string[];
  path: string;
  port: number;
}

/** Pre-1.0 releases (v0.7/v0.8) named the validator service `osm-config-validator`, the name the guide still shows. */
const LEGACY_VALIDATOR_SERVICE = 'osm-config-validator';

export function webhookExpectations(install: OsmInstall): WebhookExpectation[] {
  const legacy = install.version !== undefined && install.version.major < 1;
  return [
    {
      kind: 'validating',
      type: R.ValidatingWebhookConfiguration,
      selector: 'app=osm-controller',
      configName: `osm-validator-mesh-${install.meshName}`,
      owner: 'osm-controller',
      serviceNames: legacy ? ['osm-validator', LEGACY_VALIDATOR_SERVICE] : ['osm-validator'],
      path: '/validate',
      port: 9093,
    },
    {
      kind: 'mutating',
      type: R.MutatingWebhookConfiguration,
      selector: 'app=osm-injector',
      configName: `${isArcInstall(install) ? 'arc-osm-webhook' : 'osm-webhook'}-${install.meshName}`,
      owner: 'osm-injector',
      serviceNames: ['osm-injector'],
      path: '/mutate-pod-creation',
      port: 9090,
    },
  ];
}

/**
 * The configurations of this mesh: found by the guide's label selector, narrowed to this mesh when the
 * `app.kubernetes.io/instance` label says which, and by the expected name when the labels were stripped.
 */
export function findWebhookConfigs(snap: Snapshot, install: OsmInstall, exp: WebhookExpectation): { configs: KubeObject[]; byNameOnly: boolean } {
  const labelled = snap.list(exp.type, { selector: exp.selector });
  const ofThisMesh = labelled.filter((c) => {
    const instance = c.metadata.labels?.['app.kubernetes.io/instance'];
    return instance === undefined || instance === install.meshName || c.metadata.name === exp.configName;
  });
  if (ofThisMesh.length > 0) return { configs: ofThisMesh, byNameOnly: false };
  const named = snap.get(exp.type, undefined, exp.configName);
  return named ? { configs: [named], byNameOnly: true } : { configs: [], byNameOnly: false };
}

export interface WebhookEntry {
  config: KubeObject;
  index: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  webhook: Record<string, any>;
}

/** Every webhook of the configurations, with its index (evidence paths say `webhooks[0]`). */
export function webhookEntries(configs: KubeObject[]): WebhookEntry[] {
  return configs.flatMap((config) => {
    const hooks: unknown = config.webhooks;
    if (!Array.isArray(hooks)) return [];
    // The index in the list as stored (a JSON patch path names it), counted before non-objects are skipped.
    return hooks.flatMap((webhook, index) => (webhook && typeof webhook === 'object' ? [{ config, index, webhook }] : []));
  });
}

/** `kubectl rollout restart`: the owner re-creates its webhook configuration and re-patches the caBundle at start-up. */
export function restartOwnerCommand(install: OsmInstall, exp: WebhookExpectation): string {
  return `kubectl rollout restart deployment ${exp.owner} -n ${install.namespace}`;
}
