// Which OSM this is: the Azure Arc extension (chart osm-arc, which overrides a few upstream defaults) or upstream OSM,
// and the defaults each release ships with. Facts from osm-arc values.yaml and openservicemesh/osm charts/osm.
import type { OsmInstall } from './install.js';
import { DEFAULT_OSM_NAMESPACE } from './install.js';

const ARC_IMAGE_REGISTRY = 'mcr.microsoft.com/oss/openservicemesh';

/** The Arc extension: Azure/in-cluster extension data, its release namespace, or its image registry. */
export function isArcInstall(install: OsmInstall): boolean {
  if (install.extension) return true;
  if (install.namespace === DEFAULT_OSM_NAMESPACE) return true;
  const images: string[] = (install.controller?.spec?.template?.spec?.containers ?? []).map((c: { image?: string }) => String(c.image ?? ''));
  return images.some((i) => i.startsWith(ARC_IMAGE_REGISTRY + '/'));
}

// Keyed by exact OSM version: patch releases moved Envoy too, so a release we have no values for gets no guess.
/** `osm.sidecarImage` of osm-arc v1.0.0-1, v1.1.1-1 and v1.2.6. */
const ARC_ENVOY_IMAGES: Record<string, string> = {
  '1.0.0': 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.19.1',
  '1.1.1': 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.19.3',
  '1.2.6': 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7',
};

/** `osm.sidecarImage` of the upstream chart on release-v1.0 (1.0.0), release-v1.1 (1.1.4) and release-v1.2 (1.2.4). */
const UPSTREAM_ENVOY_IMAGES: Record<string, string> = {
  '1.0.0': 'envoyproxy/envoy-alpine@sha256:6502a637c6c5fba4d03d0672d878d12da4bcc7a0d0fb3f1d506982dde0039abd',
  '1.1.4': 'envoyproxy/envoy-alpine:v1.19.3@sha256:874e699857e023d9234b10ffc5af39ccfc9011feab89638e56ac4042ecd4b0f3',
  '1.2.4': 'envoyproxy/envoy-distroless:v1.22.2@sha256:541d31419b95e3c62d8cc0967db9cdb4ad2782cc08faa6f15f04c081200e324a',
};

/** The chart's default Envoy image for the installed release, when it is one whose values we know. */
export function chartEnvoyImage(install: OsmInstall): string | undefined {
  const v = install.version;
  if (!v) return undefined;
  const key = `${v.major}.${v.minor}.${v.patch}`;
  return (isArcInstall(install) ? ARC_ENVOY_IMAGES : UPSTREAM_ENVOY_IMAGES)[key];
}
