// What the OSM control plane should look like, from the osm chart templates (release-v1.0..v1.2) with the
// Arc osm-arc values: names, label selectors, containers, and service ports. OSM001–OSM008 read it from here.
import type { Version } from '../shared/versions.js';

export interface ExpectedPort {
  /** The port name the chart gives it; Endpoints repeat the Service's port names. */
  name: string;
  port: number;
  protocol: 'TCP';
  purpose: string;
}

export interface ControlPlaneComponent {
  /** How the guide speaks of it: `controller`, `injector`. */
  role: string;
  /** The `app` label on the Deployment, its pods and its Service selector. */
  app: string;
  deployment: string;
  /** The container that is the component itself (logs are read from it). */
  container: string;
  service: string;
  /** Ports the guide requires on the Service and its Endpoints. */
  ports: ExpectedPort[];
  /** Ports the chart also declares: present or not, they are fine. */
  extraPorts: ExpectedPort[];
  /** Containers the chart itself may add beside the component (not sidecars in the guide's sense). */
  chartContainers: string[];
  /** The admission webhook the API server calls through this component's Service, if any. */
  webhook?: string;
}

const ADS: ExpectedPort = { name: 'ads-port', port: 15128, protocol: 'TCP', purpose: 'Envoy xDS (ADS) connections from every sidecar' };
const DEBUG: ExpectedPort = { name: 'debug-port', port: 9092, protocol: 'TCP', purpose: 'the controller debug server' };
const HEALTHZ: ExpectedPort = { name: 'healthz', port: 9091, protocol: 'TCP', purpose: 'health and metrics' };
const SIDECAR_INJECT: ExpectedPort = { name: 'sidecar-inject', port: 9090, protocol: 'TCP', purpose: 'the mutating webhook that injects Envoy' };

/**
 * The controller Service declares ads-port 15128, debug-port 9092 and healthz 9091 on every 1.x branch
 * (charts/osm/templates/osm-service.yaml); the guide's output, from an older release, shows only the first two.
 * The chart's optional Fluent Bit log forwarder (`osm.enableFluentbit`) runs as container `fluentbit-logger`.
 */
export function controllerComponent(version?: Version): ControlPlaneComponent {
  return {
    role: 'controller',
    app: 'osm-controller',
    deployment: 'osm-controller',
    container: 'osm-controller',
    service: 'osm-controller',
    ports: [ADS, DEBUG],
    extraPorts: version && version.major === 0 ? [] : [HEALTHZ],
    chartContainers: ['fluentbit-logger'],
  };
}

/** The injector Service has the single port 9090 (`sidecar-inject`, targetPort defaulted) on every 1.x branch. */
export function injectorComponent(_version?: Version): ControlPlaneComponent {
  return {
    role: 'injector',
    app: 'osm-injector',
    deployment: 'osm-injector',
    container: 'osm-injector',
    service: 'osm-injector',
    ports: [SIDECAR_INJECT],
    extraPorts: [],
    chartContainers: [],
    webhook: 'osm-inject.k8s.io',
  };
}

/** `15128/TCP,9092/TCP`, as kubectl's PORT(S) column prints ports. */
export function portsColumn(ports: ExpectedPort[]): string {
  return ports.map((p) => `${p.port}/${p.protocol}`).join(',');
}

/** Container images the chart itself may add (matched by repository, as the container name is configurable). */
export function isChartContainer(component: ControlPlaneComponent, container: { name?: string; image?: string }): boolean {
  if (container.name === component.container) return true;
  if (container.name && component.chartContainers.includes(container.name)) return true;
  return component.chartContainers.length > 0 && /(^|\/)fluent-bit(:|@|$)/.test(container.image ?? '');
}
