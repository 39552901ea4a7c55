// A report with every status and hostile strings (markup, quotes, newlines, control characters) in every field
// a reporter prints.
import type { CheckResult, MultiReport, Report } from '../../src/engine/report-model.js';
import { summarize } from '../../src/engine/report-model.js';

export const HOSTILE = `<script>alert("x&y")</script> ' \` | * # ] } \\ \u0007 bell\nsecond line`;

function result(id: string, area: CheckResult['area'], status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    area,
    title: `title of ${id}`,
    status,
    message: `${status} message of ${id}`,
    evidence: [],
    fixable: false,
    suppressed: false,
    docs: `docs/checks/${id}.md`,
    guide: 'Insights de Contêiner do Azure Monitor',
    selected: true,
    ...extra,
  };
}

export function sampleReport(target = 'examples/ama-oracle-linux-9'): Report {
  const results: CheckResult[] = [
    result('K8S001', 'k8s', 'pass', { notes: ['a note'] }),
    result('AZ001', 'azure', 'skip', { message: 'no Azure data' }),
    result('AMA001', 'ama', 'warn', { message: `warn ${HOSTILE}` }),
    result('AMA002', 'ama', 'fail', {
      message: `node ol9-worker-1 (Oracle Linux Server 9.3): can't initialize iptables table \`nat' ${HOSTILE}`,
      evidence: [
        { ref: 'v1/Node ol9-worker-1', path: 'status.nodeInfo.osImage', observed: 'Oracle Linux Server 9.3', expected: HOSTILE },
        { ref: `v1/Pod kube-system/${HOSTILE}`, path: 'logs/addon-token-adapter', observed: `line one\n${HOSTILE}\n\`\`\` fence` },
      ],
      remediation: { text: `load the module ${HOSTILE}`, commands: ["ssh ol9-worker-1 'sudo modprobe iptable_nat && echo iptable_nat | sudo tee /etc/modules-load.d/iptable_nat.conf'", `echo "${HOSTILE}"`] },
    }),
    result('AMA003', 'ama', 'error', { message: `could not read pods ${HOSTILE}` }),
    result('OSM001', 'osm', 'fail', { suppressed: true, evidence: [{ ref: 'apps/v1/Deployment arc-osm-system/osm-controller', observed: '0/1' }] }),
    result('OSM002', 'osm', 'skip', { selected: false, message: 'not selected (--area/--check/--skip)' }),
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'arcdoctor', version: '0.1.0' },
    target: { kind: 'snapshot', name: target },
    startedAt: '2026-11-26T12:00:00.000Z',
    durationMs: 1234,
    summary: summarize(results),
    results,
    warnings: [`duplicate object ${HOSTILE}`],
    exitCode: 1,
  };
}

export function sampleMulti(): MultiReport {
  return { schemaVersion: 1, targets: [sampleReport('cluster-a'), sampleReport(`cluster "b"\nnew`)] };
}
