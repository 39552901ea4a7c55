// Edges of the Gatekeeper helpers that real constraints reach: no spec at all (a constraint created bare and
// defaulted by Gatekeeper), no match or parameters, suffix globs that only look like names, mixed kinds lists.
import { describe, expect, it } from 'vitest';
import { coversNamespace, enforcementAction, excludeNamespaceCommand, excludedNamespaces, namespaceGlobMatches, violationsIn } from '../../../src/checks/shared/gatekeeper.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';

const bare = (name = 'must-have-owner', spec?: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sRequiredLabels', metadata: { name, ...(annotations ? { annotations } : {}) }, ...(spec ? { spec } : {}) });
const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } };

describe('constraints without spec, match or parameters', () => {
  it('enforcementAction defaults to deny', () => {
    expect(enforcementAction(bare())).toBe('deny');
  });
  it('no exclusions, covers the namespace, even for the workloads question', () => {
    for (const c of [bare(), bare('m', {}), bare('p', { parameters: {} }), bare('q', { match: {} })]) {
      expect(excludedNamespaces(c)).toEqual([]);
      expect(coversNamespace(snapshotOf([c, ns]), c, 'flux-system', { workloadsOnly: true })).toEqual({ covers: true, reason: 'no excludedNamespaces; flux-system is matched' });
    }
  });
  it('the exclusion commands', () => {
    expect(excludeNamespaceCommand(bare(), 'flux-system')).toBe(`kubectl patch k8srequiredlabels must-have-owner --type=json -p '[{"op":"add","path":"/spec/match/excludedNamespaces","value":["flux-system"]}]'`);
    expect(excludeNamespaceCommand(bare('m', { match: {} }), 'flux-system')).toBe(`kubectl patch k8srequiredlabels m --type=json -p '[{"op":"add","path":"/spec/match/excludedNamespaces","value":["flux-system"]}]'`);
    const azure = bare('azurepolicy-k8srequiredlabels-1', undefined, { 'azure-policy-assignment-id': '/subscriptions/1/providers/Microsoft.Authorization/policyAssignments/labels' });
    expect(excludeNamespaceCommand(azure, 'flux-system')).toBe(`az policy assignment update --name labels --scope /subscriptions/1 --params '{"excludedNamespaces":{"value":["flux-system"]}}'`);
    const params = bare('azurepolicy-k8srequiredlabels-2', { parameters: {} }, { 'azure-policy-assignment-id': '/subscriptions/1/providers/Microsoft.Authorization/policyAssignments/labels' });
    expect(excludeNamespaceCommand(params, 'flux-system')).toContain(`--params '{"excludedNamespaces":{"value":["flux-system"]}}'`);
  });
});

describe('globs and kinds', () => {
  it('a pattern without a wildcard must equal the namespace, not end it', () => {
    expect(namespaceGlobMatches('aflux-system', 'flux-system')).toBe(false);
    expect(namespaceGlobMatches('xkube-*', 'kube-system')).toBe(false);
  });
  it('one workload kind in a mixed list is enough', () => {
    const c = bare('mixed', { match: { kinds: [{ apiGroups: [''], kinds: ['ConfigMap', 'Pod'] }] } });
    expect(coversNamespace(snapshotOf([c, ns]), c, 'flux-system', { workloadsOnly: true }).covers).toBe(true);
  });
  it('a Pod named like the namespace elsewhere is not a violation in it', () => {
    const c = bare('v', {});
    c.status = { violations: [{ kind: 'Pod', name: 'flux-system', namespace: 'apps' }, { kind: 'Namespace', name: 'apps' }] };
    expect(violationsIn(c, 'flux-system')).toEqual([]);
  });
});
