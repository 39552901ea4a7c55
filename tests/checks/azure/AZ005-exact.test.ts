// AZ005 exact commands: the nameless configuration, the operatorParams forms Flux v1 takes (issue #16).
import { describe, expect, it } from 'vitest';
import AZ005 from '../../../src/checks/azure/AZ005-flux-v1-configurations.js';
import { NOW, type AzureResource } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed } from './azure-fixtures.js';

const REST = () => azureFixture('rest/GetSourceControlConfiguration.json');
const run = (azure: AzureResource[]) => AZ005.run(azureSnap(azure), { now: NOW, catalog: [] });
const edit = (e: (c: AzureResource) => void) => changed(REST(), 'sourceControlConfigurations', e);
const ARGS = '-g rg1 -c clusterName1';
const create = (r: ReturnType<typeof run>) => r.remediation?.commands[0];

describe('AZ005 commands name one configuration', () => {
  it('without a name, flux create and flux show both name flux-v2; delete names the placeholder', () => {
    const r = run(edit((c) => {
      delete c.name;
      delete c.id;
    }));
    expect(r.remediation?.commands).toEqual([
      'az k8s-configuration flux create -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -n flux-v2 -t <connectedClusters|managedClusters> --namespace srs-namespace --scope namespace -u git@github.com:k8sdeveloper425/flux-get-started --branch <BRANCH> --kustomization name=flux-v2 path=./ prune=true',
      'az k8s-configuration flux show -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -n flux-v2 -t <connectedClusters|managedClusters> --query complianceState',
      'az k8s-configuration delete -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -n <NAME> -t <connectedClusters|managedClusters>',
    ]);
  });

  it('with a name, create, show and kustomization use its v2 form; delete the Flux v1 name', () => {
    const r = run(edit((c) => (c.name = 'Team_A.Apps')));
    expect(r.remediation?.commands).toEqual([
      `az k8s-configuration flux create ${ARGS} -n team-a-apps -t connectedClusters --namespace srs-namespace --scope namespace -u git@github.com:k8sdeveloper425/flux-get-started --branch <BRANCH> --kustomization name=team-a-apps path=./ prune=true`,
      `az k8s-configuration flux show ${ARGS} -n team-a-apps -t connectedClusters --query complianceState`,
      `az k8s-configuration delete ${ARGS} -n Team_A.Apps -t connectedClusters`,
    ]);
  });
});
