import { defineCheck, fail, pass, warn, type Evidence, type ResultOfRun } from '../define.js';
import { describeReadFailure, POD_LOG_TYPE, type ReadFailure } from '../../snapshot/snapshot.js';

export default defineCheck({
  id: 'K8S001',
  area: 'k8s',
  title: 'API reachable and permissions sufficient',
  guide: '(prerequisite of every section: the kubectl commands must be able to read the cluster)',
  reads: [],
  fixable: false,
  // It names the checks a failed read degraded: from their results, so it says exactly what the report shows.
  readsResults: true,
  run(snap, ctx) {
    const version = snap.info.serverVersion ? `server ${snap.info.serverVersion}` : 'server version unknown';
    const unreachable = snap.readFailures.find((f) => f.reason === 'unavailable' && f.type.kind === '*');
    if (unreachable) {
      return fail(`The Kubernetes API could not be reached: ${unreachable.message}`, {
        evidence: [{ ref: 'Kubernetes API', observed: unreachable.message, expected: 'a reachable API server' }],
        remediation: { text: 'Check the kubeconfig context, the network path to the API server and your credentials.', commands: ['kubectl cluster-info', 'kubectl auth can-i --list'] },
      });
    }
    if (snap.readFailures.length === 0) {
      const source = snap.info.collectedAt ? `snapshot collected ${snap.info.collectedAt}` : 'every read the catalog needs succeeded';
      return pass(`${version}; ${source}`);
    }
    const results = ctx.results ?? [];
    const groups = failureGroups(snap.readFailures);
    const evidence: Evidence[] = groups.map((g) => ({ ref: g.ref, path: g.path, observed: g.observed, expected: expectedFor(g.failures, results) }));
    const errored = idsResting(snap.readFailures, results, (s) => s === 'error');
    const without = idsResting(snap.readFailures, results, (s) => s !== 'error');
    const consequence = [
      errored.length ? `${errored.join(', ')} ${errored.length === 1 ? 'ends' : 'end'} in error` : 'no check ends in error because of them',
      ...(without.length ? [`${without.join(', ')} decided without them`] : []),
    ].join('; ');
    return warn(`${snap.readFailures.length} read(s) refused or failed; ${consequence}`, {
      evidence,
      remediation: {
        text: 'Grant the identity arcdoctor runs as read access (get/list, and get on pods/log) to these resources, for example with the built-in "view" ClusterRole plus the extension CRDs, check the API server\'s health, then run again.',
        commands: [...new Set(groups.map((g) => g.command))],
      },
    });
  },
});

interface FailureGroup {
  ref: string;
  path: string;
  observed: string;
  command: string;
  failures: ReadFailure[];
}

/** One line per failed list; container logs grouped per namespace (a refused pods/log would otherwise fill pages). */
function failureGroups(failures: readonly ReadFailure[]): FailureGroup[] {
  const out: FailureGroup[] = [];
  const logGroups = new Map<string, FailureGroup>();
  for (const f of failures) {
    if (f.type.kind !== POD_LOG_TYPE.kind) {
      out.push({
        ref: `${f.type.group ? f.type.group + '/' : ''}${f.type.kind}${f.namespace ? ' in ' + f.namespace : ''}`,
        path: 'list',
        observed: describeReadFailure(f),
        command: `kubectl auth can-i list ${f.type.plural ?? f.type.kind.toLowerCase()}${f.type.group ? '.' + f.type.group : ''} ${f.namespace ? '-n ' + f.namespace : '--all-namespaces'}`,
        failures: [f],
      });
      continue;
    }
    const ns = f.namespace ?? '';
    let g = logGroups.get(ns);
    if (!g) {
      g = { ref: `v1/Pod logs${ns ? ' in ' + ns : ''}`, path: 'pods/log', observed: '', command: `kubectl auth can-i get pods --subresource=log ${ns ? '-n ' + ns : '--all-namespaces'}`, failures: [] };
      logGroups.set(ns, g);
      out.push(g);
    }
    g.failures.push(f);
    g.observed = g.failures.length === 1 ? describeReadFailure(f) : `${g.failures.length} container logs could not be read, e.g. ${describeReadFailure(g.failures[0])}`;
  }
  return out;
}

function expectedFor(failures: ReadFailure[], results: readonly ResultOfRun[]): string {
  const errored = idsResting(failures, results, (s) => s === 'error');
  const without = idsResting(failures, results, (s) => s !== 'error');
  const parts = [...(errored.length ? [`${errored.join(', ')} end in error without it`] : []), ...(without.length ? [`${without.join(', ')} decided without it`] : [])];
  return parts.length ? `readable (${parts.join('; ')})` : 'readable';
}

function idsResting(failures: readonly ReadFailure[], results: readonly ResultOfRun[], status: (s: ResultOfRun['status']) => boolean): string[] {
  const set = new Set(failures);
  return results.filter((r) => status(r.status) && r.unread.some((f) => set.has(f))).map((r) => r.id);
}
