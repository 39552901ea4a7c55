import { describe, expect, it } from 'vitest';
import AZ005, { v2Name } from '../../../src/checks/azure/AZ005-flux-v1-configurations.js';
import { ARM_COMPLETE_GROUP } from '../../../src/checks/azure/arm.js';
import { runOne } from '../../helpers/check-harness.js';
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
