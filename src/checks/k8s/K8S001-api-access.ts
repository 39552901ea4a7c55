import { defineCheck, fail, pass, warn, type Evidence } from '../define.js';
import { describeReadFailure } from '../../snapshot/snapshot.js';

export default defineCheck({
  id: 'K8S001',
  area: 'k8s',
  title: 'API reachable and permissions sufficient',
  guide: '(prerequisite of every section: the kubectl commands must be able to read the cluster)',
  reads: [],
  fixable: false,
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
    const evidence: Evidence[] = snap.readFailures.map((f) => {
      const degraded = ctx.catalog.filter((c) => c.reads.some((r) => r.type.kind === f.type.kind && r.type.group === f.type.group)).map((c) => c.id);
      return {
        ref: `${f.type.group ? f.type.group + '/' : ''}${f.type.kind}${f.namespace ? ' in ' + f.namespace : ''}`,
        path: 'list',
        observed: describeReadFailure(f),
        expected: degraded.length ? `readable (needed by ${degraded.join(', ')})` : 'readable',
      };
    });
    const commands = snap.readFailures.map((f) => `kubectl auth can-i list ${f.type.plural ?? f.type.kind.toLowerCase()}${f.type.group ? '.' + f.type.group : ''} ${f.namespace ? '-n ' + f.namespace : '--all-namespaces'}`);
    return warn(`${snap.readFailures.length} read(s) refused or failed; the checks that need them end in error`, {
      evidence,
      remediation: {
        text: 'Grant the identity arcdoctor runs as read access (get/list) to these resources, for example with the built-in "view" ClusterRole plus the extension CRDs, then run again.',
        commands,
      },
    });
  },
});
