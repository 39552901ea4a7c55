// OSM004 / OSM008: the controller's and the injector's Service has ready endpoints on the chart's ports.
// Reads v1 Endpoints (what the guide's `kubectl get endpoints` shows) and falls back to EndpointSlices.
import { fail, pass, type CheckOutcome, type Evidence } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { notCollected, type ComponentScope } from './control-plane-common.js';
import { portsColumn, type ExpectedPort } from './control-plane.js';
import { restoreControlPlaneCommands } from './extension-commands.js';
import { configurationsCalling, webhookCallFailures, type WebhookCallFailure } from './webhook-call-failures.js';
import { objects } from '../shared/workloads.js';

interface Address {
  ip: string;
  pod?: string;
}

interface EndpointGroup {
  ready: Address[];
  notReady: Address[];
  ports: Array<{ name?: string; port?: number }>;
}

interface EndpointView {
  ref: string;
  path: string;
  groups: EndpointGroup[];
}

function address(a: { ip?: string; addresses?: string[]; targetRef?: { name?: string } }): Address[] {
  const ips = a.ip ? [a.ip] : Array.isArray(a.addresses) ? a.addresses : [];
  return ips.map((ip) => ({ ip, pod: a.targetRef?.name }));
}

function fromEndpoints(ep: KubeObject): EndpointView {
  const subsets: any[] = Array.isArray(ep.subsets) ? ep.subsets : [];
  return {
    ref: refString(ep),
    path: 'subsets',
    groups: subsets.map((s) => ({
      ready: objects(s?.addresses).flatMap(address),
      notReady: objects(s?.notReadyAddresses).flatMap(address),
      ports: objects(s?.ports).map((p: any) => ({ name: p?.name, port: p?.port === undefined ? undefined : Number(p.port) })),
    })),
  };
}

/** EndpointSlice endpoints count as ready unless `conditions.ready` is false (the API's own rule). */
function fromSlices(slices: KubeObject[]): EndpointView {
  return {
    ref: slices.map((s) => refString(s)).join(', '),
    path: 'endpoints',
    groups: slices.map((s) => {
      const endpoints: any[] = objects(s.endpoints);
      return {
        ready: endpoints.filter((e) => e?.conditions?.ready !== false).flatMap(address),
        notReady: endpoints.filter((e) => e?.conditions?.ready === false).flatMap(address),
        ports: objects(s.ports).map((p: any) => ({ name: p?.name, port: p?.port === undefined ? undefined : Number(p.port) })),
      };
    }),
  };
}

function endpointView(snap: Snapshot, scope: ComponentScope): EndpointView | undefined {
  const ep = snap.get(R.Endpoints, scope.ns, scope.component.service);
  if (ep) return fromEndpoints(ep);
  const slices = snap.list(R.EndpointSlice, { namespace: scope.ns, selector: `kubernetes.io/service-name=${scope.component.service}` });
  return slices.length ? fromSlices(slices) : undefined;
}

/** A port matches by number, or by the chart's port name when the Service maps it to another target port. */
function serves(group: EndpointGroup, want: ExpectedPort): boolean {
  return group.ports.some((p) => p.port === want.port || (p.name !== undefined && p.name === want.name));
}

function column(groups: EndpointGroup[], pick: (g: EndpointGroup) => Address[]): string {
  const cells = groups.flatMap((g) => pick(g).flatMap((a) => g.ports.map((p) => `${a.ip}:${p.port ?? p.name}`)));
  return cells.join(',') || '<none>';
}

function named(addrs: Address[]): string {
  return addrs.map((a) => (a.pod ? `${a.ip} (pod ${a.pod})` : a.ip)).join(', ');
}

export function evaluateEndpoints(snap: Snapshot, scope: ComponentScope): CheckOutcome {
  const outcome = endpointsOutcome(snap, scope);
  return scope.component.webhook ? withWebhookCallFailures(snap, scope, outcome) : outcome;
}

/**
 * Ready endpoints are what the API server needs to call the webhook; the pods it could not create say whether
 * the calls got through (a network path the Endpoints cannot show).
 */
function withWebhookCallFailures(snap: Snapshot, scope: ComponentScope, outcome: CheckOutcome): CheckOutcome {
  // A TLS failure proves the API server reached the pod behind these endpoints: the caBundle is OSM011's finding.
  const { ns, component: c } = scope;
  const all = webhookCallFailures(snap, c.webhook).filter((f) => !f.tls);
  // A call made to another namespace's service is that webhook configuration's failure, not these endpoints'.
  const failures = all.filter((f) => !f.service || (f.service.namespace === ns && f.service.name === c.service));
  const elsewhere = all.filter((f) => !failures.includes(f)).map((f) => elsewhereNote(snap, c.webhook!, f));
  if (elsewhere.length && outcome.status !== 'error') outcome = { ...outcome, notes: [...(outcome.notes ?? []), ...new Set(elsewhere)] };
  if (failures.length === 0 || outcome.status === 'error') return outcome;
  const causes = [...new Set(failures.map((f) => f.cause))].join('; ');
  const subjects = failures.map((f) => f.subject).join(', ');
  const text = `the API server's calls to the ${c.webhook} webhook fail (${subjects}): ${causes}`;
  return fail(outcome.status === 'fail' ? `${outcome.message}; and ${text}` : `${c.service} has ready endpoints (${outcome.message.replace(`${c.service} `, '')}), but ${text}`, {
    evidence: [...(outcome.evidence ?? []), ...failures.map((f) => f.evidence)],
    remediation: {
      text: `${outcome.status === 'fail' ? `${outcome.remediation?.text ?? ''} ` : ''}Pods in meshed namespaces cannot be created while the webhook fails (failurePolicy Fail). Make port ${c.ports[0].port} of the ${c.app} pods reachable from the API server (network policies, firewall or security-group rules on private clusters), then re-create the workloads that failed.`,
      commands: [...(outcome.remediation?.commands ?? []), `kubectl get networkpolicies -n ${ns}`, `kubectl get events -A --field-selector reason=FailedCreate`],
    },
  });
}

function elsewhereNote(snap: Snapshot, webhook: string, f: WebhookCallFailure): string {
  const svc = f.service!;
  const configs = configurationsCalling(snap, webhook, svc);
  const by = configs.length ? configs.join(', ') : 'a webhook configuration the snapshot does not hold';
  return `the failed ${webhook} call for ${f.subject} went to Service ${svc.namespace}/${svc.name}${svc.port ? `:${svc.port}` : ''} (${by}), not to this mesh's injector: ${f.cause}; a leftover of another OSM install? (see OSM009)`;
}

function endpointsOutcome(snap: Snapshot, scope: ComponentScope): CheckOutcome {
  const { ns, component: c } = scope;
  if (!snap.knowsType(R.Endpoints) && !snap.knowsType(R.EndpointSlice)) {
    return notCollected('Endpoints or EndpointSlices', `an endpoint for ${c.service}`, `kubectl get endpoints -n ${ns} -o yaml`);
  }
  const view = endpointView(snap, scope);
  const commands = [`kubectl get pods -n ${ns} -l app=${c.app} -o wide`, `kubectl describe endpoints ${c.service} -n ${ns}`, `kubectl logs -n ${ns} -l app=${c.app}`];
  const remediation = {
    text: `Endpoints list the ready ${c.app} pods behind the ${c.service} Service. None ready means the ${c.role} pod failed or was never deployed: fix the pod (OSM${c.role === 'controller' ? '001/OSM002' : '005/OSM006'}) and the endpoints follow.`,
    commands,
  };
  if (!view && snap.knowsType(R.Service) && !snap.get(R.Service, ns, c.service)) {
    return fail(`no endpoints for ${c.service}: the ${c.service} Service itself is missing (see OSM${c.role === 'controller' ? '003' : '007'}), so nothing publishes the ${c.role} pods`, {
      evidence: [{ ref: `v1/Endpoints ${ns}/${c.service}`, path: 'subsets', observed: `absent (Service ${ns}/${c.service} absent too)`, expected: `a ready address on ${portsColumn(c.ports)}` }],
      remediation: { text: `Endpoints exist only for a Service: restore the ${c.service} Service (OSM${c.role === 'controller' ? '003' : '007'}) and its endpoints follow.`, commands: [`kubectl get service ${c.service} -n ${ns}`, ...restoreControlPlaneCommands(scope.install).slice(0, 1)] },
    });
  }
  if (!view) {
    return fail(`no endpoints for ${c.service}: the ${c.role} pod failed or was never deployed`, {
      evidence: [{ ref: `v1/Endpoints ${ns}/${c.service}`, path: 'subsets', observed: 'absent', expected: `a ready address on ${portsColumn(c.ports)}` }],
      remediation,
    });
  }
  const ready = view.groups.flatMap((g) => g.ready);
  const notReady = view.groups.flatMap((g) => g.notReady);
  const evidence: Evidence[] = [{ ref: view.ref, path: view.path, observed: `ENDPOINTS ${column(view.groups, (g) => g.ready)}${notReady.length ? `; notReadyAddresses ${named(notReady)}` : ''}`, expected: `ready addresses on ${portsColumn(c.ports)}` }];
  if (ready.length === 0) {
    const why = notReady.length ? `only notReadyAddresses (${named(notReady)}): the ${c.role} pod is not ready` : `no addresses: the ${c.role} pod failed or was never deployed`;
    return fail(`${c.service} has no ready endpoints, ${why}`, { evidence, remediation });
  }
  const missing = c.ports.filter((p) => !view.groups.some((g) => g.ready.length > 0 && serves(g, p)));
  if (missing.length) {
    return fail(`${c.service} has ready addresses but none on ${missing.map((p) => `${p.port} (${p.name})`).join(', ')}`, {
      evidence,
      remediation: { text: `The endpoints follow the ${c.service} Service's ports: restore the chart's ports (see OSM${c.role === 'controller' ? '003' : '007'}).`, commands: [`kubectl get service ${c.service} -n ${ns} -o yaml`, ...commands.slice(1, 2)] },
    });
  }
  return pass(`${c.service} ${column(view.groups, (g) => g.ready)}`, { notes: notReady.length ? [`also not ready: ${named(notReady)}`] : undefined });
}
