// deploy/: the kustomize base and its variants render with the real kubectl; the workloads run locked down.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { requireTool } from '../helpers/tools.js';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: any; rules?: unknown };
function render(dir: string): Obj[] {
  const out = execFileSync(requireTool('kubectl'), ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJS() as Obj);
}
const names = (objs: Obj[]) => objs.map((o) => `${o.kind}/${o.metadata.name}`).sort();

function expectLockedDown(pod: any): void {
  expect(pod.serviceAccountName).toBe('arcdoctor');
  expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
  for (const c of pod.containers) {
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.resources.requests.memory).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
    expect(c.image).toBe('arcdoctor:0.1.0');
  }
}

describe('deploy/', () => {
  it('the base renders the namespace, the generated RBAC, the exporter and its Service', () => {
    const objs = render('deploy');
    expect(names(objs)).toEqual([
      'ClusterRole/arcdoctor-reader',
      'ClusterRoleBinding/arcdoctor-reader',
      'Deployment/arcdoctor-exporter',
      'Namespace/arcdoctor',
      'Service/arcdoctor',
      'ServiceAccount/arcdoctor',
    ]);
    const generated = parseAllDocuments(readFileSync('deploy/base/rbac.yaml', 'utf8')).map((d) => d.toJS() as Obj);
    expect(objs.find((o) => o.kind === 'ClusterRole')).toEqual(generated.find((o) => o.kind === 'ClusterRole'));
    const dep = objs.find((o) => o.kind === 'Deployment')!;
    expectLockedDown(dep.spec.template.spec);
    expect(dep.spec.template.spec.containers[0].args).toEqual(['exporter', '--in-cluster', '--listen', '0.0.0.0:9090', '--interval', '5m', '--log-format', 'json']);
    const svc = objs.find((o) => o.kind === 'Service')!;
    expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual(dep.spec.selector.matchLabels);
  });

  it('the cronjob overlay runs `check --output json` hourly instead of the exporter, one attempt per hour', () => {
    const objs = render('deploy/overlays/cronjob');
    expect(names(objs)).toEqual(['ClusterRole/arcdoctor-reader', 'ClusterRoleBinding/arcdoctor-reader', 'CronJob/arcdoctor-check', 'Namespace/arcdoctor', 'ServiceAccount/arcdoctor']);
    const cron = objs.find((o) => o.kind === 'CronJob')!;
    expect(cron.spec.schedule).toBe('17 * * * *');
    expect(cron.spec.jobTemplate.spec.backoffLimit).toBe(0);
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].args).toEqual(['check', '--output', 'json']);
    expectLockedDown(pod);
  });

  it('the monitoring overlay adds a ServiceMonitor on the metrics port and the alert rules', () => {
    const objs = render('deploy/overlays/monitoring');
    expect(names(objs)).toEqual(expect.arrayContaining(['ServiceMonitor/arcdoctor', 'PrometheusRule/arcdoctor', 'Deployment/arcdoctor-exporter']));
    expect(objs.find((o) => o.kind === 'ServiceMonitor')!.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '60s' }]);
  });

  it('promtool accepts the alert rules of the PrometheusRule', () => {
    const rule = render('deploy/overlays/monitoring').find((o) => o.kind === 'PrometheusRule')!;
    const file = join(mkdtempSync(join(tmpdir(), 'arcdoctor-rules-')), 'rules.json');
    writeFileSync(file, JSON.stringify(rule.spec));
    const p = spawnSync(requireTool('promtool'), ['check', 'rules', file], { encoding: 'utf8' });
    expect(`${p.stdout}${p.stderr}`).toContain('SUCCESS: 4 rules found');
    expect(p.status).toBe(0);
  });
});
