import { describe, expect, it } from 'vitest';
import AZ005, { v2Name } from '../../../src/checks/azure/AZ005-flux-v1-configurations.js';
import { ARM_COMPLETE_GROUP } from '../../../src/checks/azure/arm.js';
import { NOW, runOne, type AzureResource } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed } from './azure-fixtures.js';

describe('AZ005 no Flux v1 configurations remain', () => {
  it('passes when sourceControlConfigurations were listed and none exist', () => {
    const r = runOne(AZ005, azureSnap(azureFixture('cli/providers.json'), { completeTypes: [{ group: ARM_COMPLETE_GROUP, kind: 'Microsoft.KubernetesConfiguration/sourceControlConfigurations' }] }));
    expect(r.status).toBe('pass');
  });

  it('fails on the REST example, with flux create then delete filled with the real names', () => {
    const r = runOne(AZ005, azureSnap(azureFixture('rest/GetSourceControlConfiguration.json')));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('SRS_GitHubConfig still exists');
    expect(r.remediation?.text).toContain('2025-05-24');
    expect(r.remediation?.commands).toEqual([
      'az k8s-configuration flux create -g rg1 -c clusterName1 -n srs-githubconfig -t connectedClusters --namespace srs-namespace --scope namespace -u git@github.com:k8sdeveloper425/flux-get-started --branch <BRANCH> --kustomization name=srs-githubconfig path=./ prune=true',
      'az k8s-configuration flux show -g rg1 -c clusterName1 -n srs-githubconfig -t connectedClusters --query complianceState',
      'az k8s-configuration delete -g rg1 -c clusterName1 -n SRS_GitHubConfig -t connectedClusters',
    ]);
  });

  it('takes branch and path from Flux v1 operatorParams', () => {
    const azure = changed(azureFixture('rest/GetSourceControlConfiguration.json'), 'sourceControlConfigurations', (c) => (c.operatorParams = "--git-readonly --git-branch=main --git-path=clusters/prod"));
    const r = runOne(AZ005, azureSnap(azure));
    expect(r.remediation?.commands[0]).toContain('--branch main --kustomization name=srs-githubconfig path=clusters/prod');
  });

  it('makes a valid fluxConfiguration name from a Flux v1 name', () => {
    expect(v2Name('SRS_GitHubConfig')).toBe('srs-githubconfig');
  });

  it('skips without Flux v1 data', () => {
    const r = runOne(AZ005, azureSnap(azureFixture('cli/providers.json')));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('az k8s-configuration list');
  });
});

describe('AZ005 exact outcomes', () => {
  const REST = () => azureFixture('rest/GetSourceControlConfiguration.json');
  const REF = 'Microsoft.KubernetesConfiguration/sourceControlConfigurations /subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1/providers/Microsoft.KubernetesConfiguration/sourceControlConfigurations/SRS_GitHubConfig';
  const run = (azure: AzureResource[], extra = {}) => AZ005.run(azureSnap(azure, extra), { now: NOW, catalog: [] });
  const edit = (e: (c: AzureResource) => void) => changed(REST(), 'sourceControlConfigurations', e);

  it('passes with the exact message when the list was complete and empty', () => {
    expect(run([], { completeTypes: [{ group: ARM_COMPLETE_GROUP, kind: 'Microsoft.KubernetesConfiguration/sourceControlConfigurations' }] })).toEqual({ status: 'pass', message: 'No Flux v1 sourceControlConfigurations exist' });
    expect(run([])).toEqual({ status: 'skip', message: 'no Microsoft.KubernetesConfiguration/sourceControlConfigurations data (az k8s-configuration list -g RG -c CLUSTER -t TYPE)' });
  });

  it('fails with one finding: message, evidence, object and remediation text', () => {
    const r = run(REST());
    expect(r.status).toBe('fail');
    expect(r.message).toBe('Flux v1 configuration SRS_GitHubConfig still exists (repository git@github.com:k8sdeveloper425/flux-get-started); Flux v1 is no longer supported');
    expect(r.evidence).toEqual([{ ref: REF, path: 'properties.operatorType', observed: 'Flux (Flux v1 sourceControlConfiguration)', expected: 'a Flux v2 fluxConfiguration instead' }]);
    expect(r.findings?.map((f) => f.object)).toEqual([{ kind: 'sourceControlConfigurations', namespace: 'rg1', name: 'SRS_GitHubConfig' }]);
    expect(r.remediation?.text).toBe(
      'Flux v1 support ended on 2025-05-24 and no Flux v1 configuration can be created since 2024-01-01. Re-create each one as a Flux v2 ' +
        'fluxConfiguration (check the branch and path the commands fill in from operatorParams), confirm it is Compliant, then delete the Flux v1 one.',
    );
  });

  it('two configurations give two findings', () => {
    const second = { ...REST()[0], name: 'second', id: undefined };
    expect(run([...REST(), second]).findings?.map((f) => f.message)).toEqual([
      'Flux v1 configuration SRS_GitHubConfig still exists (repository git@github.com:k8sdeveloper425/flux-get-started); Flux v1 is no longer supported',
      'Flux v1 configuration second still exists (repository git@github.com:k8sdeveloper425/flux-get-started); Flux v1 is no longer supported',
    ]);
  });

  it('fills placeholders and defaults where the configuration does not say', () => {
    const r = run(edit((c) => {
      delete c.repositoryUrl;
      delete c.operatorParams;
      delete c.operatorNamespace;
      delete c.operatorScope;
      delete c.operatorType;
    }));
    expect(r.message).toBe('Flux v1 configuration SRS_GitHubConfig still exists (repository unknown); Flux v1 is no longer supported');
    expect(r.evidence?.[0].observed).toBe('Flux (Flux v1 sourceControlConfiguration)');
    expect(r.remediation?.commands[0]).toBe('az k8s-configuration flux create -g rg1 -c clusterName1 -n srs-githubconfig -t connectedClusters --namespace default --scope cluster -u <REPOSITORY_URL> --branch <BRANCH> --kustomization name=srs-githubconfig path=./ prune=true');
  });

  it('keeps the operator type it saw, a cluster scope, and the space-separated flag form', () => {
    const r = run(edit((c) => {
      c.operatorType = 'Helm';
      c.operatorScope = 'Cluster';
      c.operatorParams = '--git-branch release-1 --git-path deploy';
    }));
    expect(r.evidence?.[0].observed).toBe('Helm (Flux v1 sourceControlConfiguration)');
    expect(r.remediation?.commands[0]).toContain('--namespace srs-namespace --scope cluster -u git@github.com:k8sdeveloper425/flux-get-started --branch release-1 --kustomization name=srs-githubconfig path=deploy prune=true');
  });

  it('uses placeholders for a configuration with no name and no id', () => {
    const r = run(edit((c) => {
      delete c.name;
      delete c.id;
    }));
    expect(r.message).toContain('Flux v1 configuration <NAME> still exists');
    // flux show names flux-v2 too: AZ005-exact.test.ts.
    const commands = r.remediation?.commands ?? [];
    expect(commands).toHaveLength(3);
    expect(commands[0]).toBe('az k8s-configuration flux create -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -n flux-v2 -t <connectedClusters|managedClusters> --namespace srs-namespace --scope namespace -u git@github.com:k8sdeveloper425/flux-get-started --branch <BRANCH> --kustomization name=flux-v2 path=./ prune=true');
    expect(commands[2]).toBe('az k8s-configuration delete -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -n <NAME> -t <connectedClusters|managedClusters>');
  });

  it('v2Name trims separators at both ends and falls back when nothing is left', () => {
    expect(v2Name('__My.Config__')).toBe('my-config');
    expect(v2Name('a--b')).toBe('a--b');
    expect(v2Name('___')).toBe('flux-v2');
  });
});
