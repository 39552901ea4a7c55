import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFix, type FixIO } from '../../src/cli/fix-cmd.js';
import { defineCheck, fromFindings, type Finding } from '../../src/checks/define.js';
import { R } from '../../src/snapshot/resources.js';
import { namespace } from '../live/fixtures.js';
import { startFakeApi, type FakeApi } from '../live/helpers/fake-api.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

// A fixable check shaped like OSM013: a joined namespace must carry the sidecar-injection annotation.
const annotateCheck = defineCheck({
  id: 'TST001',
  area: 'k8s',
  title: 'joined namespaces are annotated',
  guide: '-',
  reads: [{ type: R.Namespace }],
  fixable: true,
  run(snap) {
    const findings: Finding[] = snap
      .list(R.Namespace, { selector: 'openservicemesh.io/monitored-by=osm' })
      .filter((ns) => ns.metadata.annotations?.['openservicemesh.io/sidecar-injection'] !== 'enabled')
      .map((ns) => ({
        status: 'warn',
        object: { apiVersion: 'v1', kind: 'Namespace', name: ns.metadata.name },
        message: `namespace ${ns.metadata.name} is not annotated`,
        fixes: [{ title: `annotate ${ns.metadata.name}`, target: { apiVersion: 'v1', kind: 'Namespace', name: ns.metadata.name }, patchType: 'merge', patch: { metadata: { annotations: { 'openservicemesh.io/sidecar-injection': 'enabled' } } } }],
      }));
    return fromFindings(findings, { pass: 'all annotated', remediation: 'annotate' });
  },
});

const objects = () => [namespace('bookstore', { 'openservicemesh.io/monitored-by': 'osm' })];

function io(answer?: boolean): FixIO & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), ask: answer === undefined ? undefined : async () => answer, text: () => out, errors: () => err };
}
const annotation = (a: FakeApi) => a.objects.find((o) => o.metadata.name === 'bookstore')!.metadata.annotations?.['openservicemesh.io/sidecar-injection'];

describe('fix', () => {
  it('shows the change and its server-side dry run, and changes nothing with --dry-run', async () => {
    api = await startFakeApi({ objects: objects() });
    const term = io();
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [], dryRun: true }, term, [annotateCheck])).toBe(0);
    expect(term.text()).toContain('kubectl patch namespace bookstore --type=merge');
    expect(term.text()).toContain('dry run: accepted by the server');
    expect(api.requests.some((r) => r.method === 'PATCH' && r.query.dryRun === 'All')).toBe(true);
    expect(annotation(api)).toBeUndefined();
  });

  it('changes nothing and exits 2 without a terminal or --yes', async () => {
    api = await startFakeApi({ objects: objects() });
    const term = io();
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [] }, term, [annotateCheck])).toBe(2);
    expect(term.errors()).toContain('pass --yes');
    expect(annotation(api)).toBeUndefined();
  });

  it('changes nothing when the person declines', async () => {
    api = await startFakeApi({ objects: objects() });
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [] }, io(false), [annotateCheck])).toBe(0);
    expect(annotation(api)).toBeUndefined();
  });

  it('applies with --yes, writes an undo file, and --undo restores the prior state', async () => {
    api = await startFakeApi({ objects: objects() });
    const undoOut = join(mkdtempSync(join(tmpdir(), 'undo-')), 'undo.json');
    const term = io();
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [], yes: true, undoOut }, term, [annotateCheck])).toBe(0);
    expect(annotation(api)).toBe('enabled');
    const record = JSON.parse(readFileSync(undoOut, 'utf8'));
    expect(record.entries).toEqual([
      { checkId: 'TST001', title: 'annotate bookstore', target: { apiVersion: 'v1', kind: 'Namespace', name: 'bookstore' }, before: objects()[0], state: 'applied', afterResourceVersion: '2' },
    ]);
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [], undo: undoOut, yes: true }, io(), [annotateCheck])).toBe(0);
    expect(annotation(api)).toBeUndefined();
  });

  it('changes nothing when the undo record cannot be written: one line, exit 2', async () => {
    api = await startFakeApi({ objects: objects() });
    const undoOut = join(mkdtempSync(join(tmpdir(), 'undo-')), 'no-such-folder', 'undo.json');
    const term = io();
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [], yes: true, undoOut }, term, [annotateCheck])).toBe(2);
    expect(term.errors()).toBe(`arcdoctor: --undo-out ${undoOut}: cannot write the undo record (ENOENT); nothing was changed\n`);
    expect(api.requests.filter((r) => r.method === 'PATCH' && r.query.dryRun !== 'All')).toEqual([]);
    expect(annotation(api)).toBeUndefined();
  });

  it('--undo refuses an object changed since the fix, and restores it with --force', async () => {
    api = await startFakeApi({ objects: objects() });
    const undoOut = join(mkdtempSync(join(tmpdir(), 'undo-')), 'undo.json');
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [], yes: true, undoOut }, io(), [annotateCheck])).toBe(0);
    const ns = api.objects.find((o) => o.metadata.name === 'bookstore')!;
    ns.metadata.annotations!.owner = 'team-a';
    ns.metadata.resourceVersion = '3';
    const refused = io();
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [], undo: undoOut, yes: true }, refused, [annotateCheck])).toBe(1);
    expect(refused.text()).toContain('REFUSED: v1/Namespace bookstore: changed since the fix (resourceVersion 2 after the fix, now 3): restoring would erase that change; pass --force to restore anyway');
    expect(api.requests.filter((r) => r.method === 'PUT' && r.query.dryRun !== 'All')).toEqual([]);
    expect(ns.metadata.annotations!.owner).toBe('team-a');
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [], undo: undoOut, yes: true, force: true }, io(), [annotateCheck])).toBe(0);
    expect(annotation(api)).toBeUndefined();
  });

  it('says there is nothing to fix on a healthy cluster', async () => {
    api = await startFakeApi({ objects: [namespace('bookstore')] });
    const term = io();
    expect(await runFix({ kubeconfig: api.kubeconfig(), check: [] }, term, [annotateCheck])).toBe(0);
    expect(term.text()).toContain('Nothing to fix');
  });
});

describe('fix refuses what it must never do', () => {
  it('never plans a write to a Secret, whatever a check proposes', async () => {
    const { plannedChanges } = await import('../../src/fix/changes.js');
    const { Snapshot } = await import('../../src/snapshot/snapshot.js');
    const secretFix = { title: 's', target: { apiVersion: 'v1', kind: 'Secret', namespace: 'arc-osm-system', name: 'osm-ca-bundle' }, patchType: 'merge' as const, patch: { data: {} } };
    const nsFix = { title: 'n', target: { apiVersion: 'v1', kind: 'Namespace', name: 'bookstore' }, patchType: 'merge' as const, patch: { metadata: {} } };
    const report = { results: [{ id: 'TST001', status: 'fail', suppressed: false, fixes: [secretFix, nsFix] }] } as never;
    expect(plannedChanges(report, new Snapshot({ objects: [] })).map((c) => c.action.target.kind)).toEqual(['Namespace']);
  });

  it('--meshconfig-reset with a key it does not know is a usage error', async () => {
    await expect(runFix({ check: [], meshconfigReset: ['spec.traffic.enableEgres'] }, io(), [annotateCheck])).rejects.toThrow(
      '--meshconfig-reset spec.traffic.enableEgres: not a MeshConfig key arcdoctor knows (e.g. spec.traffic.enableEgress)',
    );
  });
});
