// What the AMA checks need to know about nodes: which distribution they run and how they were deployed.
import type { KubeObject } from '../../snapshot/objects.js';

/**
 * `Oracle Linux Server 9.3`, `Red Hat Enterprise Linux 9.2 (Plow)` and the RHEL 9 rebuilds (`Rocky Linux 9.3
 * (Blue Onyx)`, `AlmaLinux 9.4`, `CentOS Stream 9`): the distributions that do not load iptable_nat by themselves.
 * RHCOS (`Red Hat Enterprise Linux CoreOS 414.92…`) is not one of them.
 */
const EL9 = /\b(Oracle Linux(?: Server)?|Red Hat Enterprise Linux(?: Server)?|RHEL|Rocky Linux|AlmaLinux|CentOS Stream)\s+(\d+)(?:\.\d+)*/i;
/** `5.14.0-362.8.1.el9_3.x86_64`, `5.15.0-200.131.27.el9uek.x86_64`: the kernel says EL9 when the osImage is missing. */
const EL9_KERNEL = /\.el9(?:_\d+)?(?:uek)?\./;

export function osImageOf(node: KubeObject): string {
  return String(node.status?.nodeInfo?.osImage ?? '');
}

/** The distribution name when the node runs Oracle Linux or RHEL 9.x (or a RHEL 9 rebuild). */
export function enterpriseLinux9(node: KubeObject): string | undefined {
  const os = osImageOf(node);
  const m = EL9.exec(os);
  if (m) return m[2] === '9' ? os : undefined;
  const kernel = String(node.status?.nodeInfo?.kernelVersion ?? '');
  if (!/CoreOS/i.test(os) && EL9_KERNEL.test(kernel)) return os || `kernel ${kernel}`;
  return undefined;
}

/**
 * Charmed Kubernetes' worker and control-plane charms label their nodes `juju-application` (all releases),
 * `juju-charm` (ops charms) and `juju.io/cloud` (with a cloud integrator); Juju-managed objects carry
 * `juju.is/*` keys. Juju machines are also named `juju-<model hash>-<n>` on LXD/MAAS.
 */
const JUJU_LABELS = ['juju-application', 'juju-charm', 'juju.io/cloud'];

export interface CharmedEvidence {
  node: KubeObject;
  /** `juju-application=kubernetes-worker`, or `node name juju-59942b-8`. */
  marker: string;
  /** The Juju application the node belongs to, when labelled. */
  application?: string;
}

export function charmedMarker(node: KubeObject): CharmedEvidence | undefined {
  const labels = node.metadata.labels ?? {};
  const key = JUJU_LABELS.find((k) => k in labels) ?? Object.keys(labels).find((k) => /^(?:[a-z0-9.-]+\.)?juju\.(?:io|is)\//.test(k));
  if (key) return { node, marker: `${key}=${labels[key]}`, application: labels['juju-application'] };
  if (/^juju-[0-9a-f]{6}-\d+$/.test(node.metadata.name)) return { node, marker: `node name ${node.metadata.name}` };
  return undefined;
}
