// OSM003 / OSM007: the controller's and the injector's Service exist with the chart's ports, cluster-internal.
import { fail, fromFindings, type CheckOutcome, type Evidence, type Finding } from '../define.js';
import { refOf, refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { notCollected, type ComponentScope } from './control-plane-common.js';
import { portsColumn, type ExpectedPort } from './control-plane.js';
import { restoreControlPlaneCommands } from './extension-commands.js';
import { objects } from '../shared/workloads.js';

interface ServicePort {
  name?: string;
  port?: number | string;
  protocol?: string;
}

/** The Service's ports as kubectl's PORT(S) column prints them. */
export function servicePortsColumn(svc: KubeObject): string {
  const ports: ServicePort[] = objects(svc.spec?.ports);
  return ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
}

function hasPort(svc: KubeObject, want: ExpectedPort): boolean {
  const ports: ServicePort[] = objects(svc.spec?.ports);
  return ports.some((p) => Number(p.port) === want.port && (p.protocol ?? 'TCP').toUpperCase() === want.protocol);
}

/** What kubectl prints in EXTERNAL-IP, or undefined for `<none>`. */
export function externalIpColumn(svc: KubeObject): string | undefined {
  const spec = svc.spec ?? {};
  const ingress: Array<{ ip?: string; hostname?: string }> = svc.status?.loadBalancer?.ingress ?? [];
  const lb = ingress.map((i) => i.ip ?? i.hostname).filter(Boolean) as string[];
  const external: string[] = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  if (spec.type === 'ExternalName') return spec.externalName ?? '<unknown>';
  if (spec.type === 'LoadBalancer') return [...lb, ...external].join(',') || '<pending>';
  return external.length ? external.join(',') : undefined;
}

export function evaluateService(snap: Snapshot, scope: ComponentScope): CheckOutcome {
  const { ns, component: c } = scope;
  if (!snap.knowsType(R.Service)) return notCollected('Services', `the ${c.service} service`, `kubectl get services -n ${ns} -o yaml`);
  const svc = snap.get(R.Service, ns, c.service);
  if (!svc) return missingService(scope);
  const findings = [...portFindings(svc, scope), ...typeFindings(svc, scope)];
  const type = svc.spec?.type ?? 'ClusterIP';
  return fromFindings(findings, {
    pass: `${c.service} ${type} ${svc.spec?.clusterIP ?? ''} ${externalIpColumn(svc) ?? '<none>'} ${servicePortsColumn(svc)}`.replace(/\s+/g, ' '),
    remediation: `The ${c.service} Service is part of the OSM chart: ${portsColumn(c.ports)}, type ClusterIP, no external IP. Restore the chart's definition rather than editing it by hand.`,
  });
}

function missingService(scope: ComponentScope): CheckOutcome {
  const { ns, component: c, install } = scope;
  return fail(`the ${c.service} service is missing from ${ns}: nothing routes to the OSM ${c.role} (${portsColumn(c.ports)})`, {
    evidence: [{ ref: `v1/Service ${ns}/${c.service}`, path: 'metadata', observed: 'absent', expected: `a ClusterIP Service with ${portsColumn(c.ports)}` }],
    remediation: {
      text: `The Arc OSM extension installed the ${c.service} Service; re-apply the extension's Helm release manifest, or recreate the extension.`,
      commands: [`kubectl get services -n ${ns}`, ...restoreControlPlaneCommands(install)],
    },
  });
}

function portFindings(svc: KubeObject, scope: ComponentScope): Finding[] {
  const missing = scope.component.ports.filter((p) => !hasPort(svc, p));
  if (missing.length === 0) return [];
  const { ns } = scope;
  const evidence: Evidence[] = [{ ref: refString(svc), path: 'spec.ports', observed: servicePortsColumn(svc), expected: `includes ${portsColumn(scope.component.ports)}` }];
  return [{
    status: 'fail',
    object: refOf(svc),
    message: `${svc.metadata.name} does not expose ${missing.map((p) => `${p.port}/${p.protocol} (${p.name}: ${p.purpose})`).join(', ')}; it has ${servicePortsColumn(svc)}`,
    evidence,
    commands: [`kubectl get service ${svc.metadata.name} -n ${ns} -o yaml`, ...restoreControlPlaneCommands(scope.install).slice(0, 1)],
  }];
}

function typeFindings(svc: KubeObject, scope: ComponentScope): Finding[] {
  const type: string = svc.spec?.type ?? 'ClusterIP';
  const external = externalIpColumn(svc);
  const name = svc.metadata.name;
  const restore = restoreControlPlaneCommands(scope.install).slice(0, 1);
  if (type === 'ExternalName') {
    return [{ status: 'fail', object: refOf(svc), message: `${name} is type ExternalName (${external}): it does not route to the OSM ${scope.component.role} pods`, evidence: [{ ref: refString(svc), path: 'spec.type', observed: type, expected: 'ClusterIP' }], commands: restore }];
  }
  if (type === 'ClusterIP' && !external) return [];
  const observed = external ? `${type}, EXTERNAL-IP ${external}` : type;
  const commands = [
    ...(svc.spec?.externalIPs?.length ? [`kubectl patch service ${name} -n ${scope.ns} --type=json -p '[{"op":"remove","path":"/spec/externalIPs"}]'`] : []),
    ...(type !== 'ClusterIP' ? [`kubectl patch service ${name} -n ${scope.ns} -p '{"spec":{"type":"ClusterIP"}}'`] : []),
  ];
  return [{
    status: 'warn',
    object: refOf(svc),
    message: `${name} is reachable from outside the cluster (${observed}); the guide expects type ClusterIP and no EXTERNAL-IP`,
    evidence: [{ ref: refString(svc), path: external ? 'spec.type / status.loadBalancer.ingress / spec.externalIPs' : 'spec.type', observed, expected: 'ClusterIP, EXTERNAL-IP <none>' }],
    commands,
  }];
}
