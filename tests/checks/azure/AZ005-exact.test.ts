// AZ005 exact commands: the nameless configuration, the operatorParams forms Flux v1 takes (issue #16).
import { describe, expect, it } from 'vitest';
import AZ005, { flagValue, v2Name } from '../../../src/checks/azure/AZ005-flux-v1-configurations.js';
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

describe('AZ005 reads branch and path from operatorParams in every form Flux v1 takes', () => {
  const withParams = (p: string) => create(run(edit((c) => (c.operatorParams = p))));
  const tail = (branch: string, path: string) => `--branch ${branch} --kustomization name=srs-githubconfig path=${path} prune=true`;

  it('a single-quoted value after a space (--git-branch \'release-1\')', () => {
    expect(withParams("--git-readonly --git-branch 'release-1' --git-path 'clusters/prod'")).toBe(`az k8s-configuration flux create ${ARGS} -n srs-githubconfig -t connectedClusters --namespace srs-namespace --scope namespace -u git@github.com:k8sdeveloper425/flux-get-started ${tail('release-1', 'clusters/prod')}`);
  });

  it('double quotes, = forms, and the real example (no branch flag: the placeholder)', () => {
    expect(withParams('--git-branch="release-2" --git-path=deploy')).toContain(tail('release-2', 'deploy'));
    expect(withParams("--git-branch='release-3'")).toContain(tail('release-3', './'));
    expect(withParams('--git-branch   main')).toContain(tail('main', './'));
    expect(create(run(REST()))).toContain(tail('<BRANCH>', './'));
  });

  it('flagValue: exact values, an empty quoted value is no value, and a longer flag name is not the flag', () => {
    expect(flagValue("--git-branch 'release-1'", 'git-branch')).toBe('release-1');
    expect(flagValue('--git-branch "a b"', 'git-branch')).toBe('a b');
    expect(flagValue('--git-branch=main --git-path=x', 'git-path')).toBe('x');
    expect(flagValue('--git-branch main', 'git-branch')).toBe('main');
    expect(flagValue("--git-branch ''", 'git-branch')).toBeUndefined();
    expect(flagValue('--git-branch-name=x', 'git-branch')).toBeUndefined();
    expect(flagValue('--my--git-branch=x', 'git-branch')).toBeUndefined();
    expect(flagValue('--git-branch', 'git-branch')).toBeUndefined();
    expect(flagValue('', 'git-branch')).toBeUndefined();
  });
});

describe('AZ005 names and non-string fields', () => {
  it('v2Name collapses a run of invalid characters into one hyphen and trims every leading and trailing hyphen', () => {
    expect(v2Name('a__b')).toBe('a-b');
    expect(v2Name('--x--')).toBe('x');
    expect(v2Name('_-a-_')).toBe('a');
  });

  it('operatorParams that is not a string is not read; a blank or non-string operatorNamespace is default', () => {
    expect(create(run(edit((c) => (c.operatorParams = ['--git-branch=main']))))).toContain('--branch <BRANCH> ');
    expect(create(run(edit((c) => (c.operatorNamespace = ''))))).toContain(' --namespace default --scope namespace ');
    expect(create(run(edit((c) => (c.operatorNamespace = 7))))).toContain(' --namespace default --scope namespace ');
    expect(create(run(edit((c) => (c.operatorNamespace = 'Team_A'))))).toContain(' --namespace team-a --scope namespace ');
  });
});
