import { describe, expect, it } from 'vitest';
import { planReads } from '../../src/sources/live/plan.js';
import { R } from '../../src/snapshot/resources.js';
import { fakeCheck } from './fixtures.js';

describe('planReads', () => {
  it('lists each type once however many checks read it', () => {
    const plan = planReads([fakeCheck('A', [{ type: R.Pod }, { type: R.Deployment }]), fakeCheck('B', [{ type: R.Pod, namespace: 'x' }])]);
    expect(plan.lists.map((l) => l.type.kind).sort()).toEqual(['Deployment', 'Pod']);
  });
  it('narrows to a namespace only when every need names the same one', () => {
    const same = planReads([fakeCheck('A', [{ type: R.Service, namespace: 'arc-osm-system' }]), fakeCheck('B', [{ type: R.Service, namespace: 'arc-osm-system' }])]);
    expect(same.lists[0].namespace).toBe('arc-osm-system');
    const two = planReads([fakeCheck('A', [{ type: R.Service, namespace: 'arc-osm-system' }]), fakeCheck('B', [{ type: R.Service, namespace: 'flux-system' }])]);
    expect(two.lists).toHaveLength(1);
    expect(two.lists[0].namespace).toBeUndefined();
  });
  it('keeps a selector only when every need has the same one', () => {
    expect(planReads([fakeCheck('A', [{ type: R.Pod, selector: 'app=a' }]), fakeCheck('B', [{ type: R.Pod, selector: 'app=a' }])]).lists[0].selector).toBe('app=a');
    expect(planReads([fakeCheck('A', [{ type: R.Pod, selector: 'app=a' }]), fakeCheck('B', [{ type: R.Pod }])]).lists[0].selector).toBeUndefined();
  });
  it('never narrows cluster-scoped types to a namespace', () => {
    expect(planReads([fakeCheck('A', [{ type: R.Node, namespace: 'x' }])]).lists[0].namespace).toBeUndefined();
  });
  it('lists the pods a log need reads, widening an earlier narrow pod read', () => {
    const plan = planReads([fakeCheck('A', [{ type: R.Pod, namespace: 'a' }], { logs: [{ namespace: 'b', selector: 'app=x', container: 'x', decisive: false }] })]);
    expect(plan.lists).toEqual([expect.objectContaining({ namespace: undefined, selector: undefined })]);
    expect(plan.logs).toHaveLength(1);
  });
  it('reads Secrets as metadata only, and not at all for collect', () => {
    const checks = [fakeCheck('A', [{ type: R.Secret, namespace: 'arc-osm-system' }])];
    expect(planReads(checks).lists[0].metadataOnly).toBe(true);
    expect(planReads(checks, { secrets: false }).lists).toHaveLength(0);
  });
  it('merges duplicate log needs keeping the longest tail', () => {
    const need = { namespace: 'kube-system', selector: 'component=ama-logs-agent', container: 'ama-logs', decisive: false };
    const plan = planReads([fakeCheck('A', [], { logs: [{ ...need, tailLines: 100 }] }), fakeCheck('B', [], { logs: [{ ...need, tailLines: 300 }] })]);
    expect(plan.logs).toEqual([{ ...need, tailLines: 300 }]);
  });
});
