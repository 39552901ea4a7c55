import { describe, expect, it } from 'vitest';
import AZ003 from '../../../src/checks/azure/AZ003-extensions-healthy.js';
import { ARM_COMPLETE_GROUP } from '../../../src/checks/azure/arm.js';
import { NOW, runOne, type AzureResource } from '../../helpers/check-harness.js';
import { azureFixture, azureSnap, changed, healthyArc } from './azure-fixtures.js';

// The guide's sample (MicrosoftDocs/azure-docs #88367 and the Pod Identity section), as statuses/errorInfo.
const STATUS_NOT_POPULATED = " error: Unable to get the status from the local CRD with the error : {Error : Retry for given duration didn't get any results with err {status not populated}}";

const failedFlux = (r: Record<string, unknown>) => {
  r.provisioningState = 'Failed';
  r.statuses = [{ code: 'ExtensionCreationFailed', displayStatus: null, level: 'Error', message: STATUS_NOT_POPULATED, time: null }];
  r.errorInfo = {
    code: 'ResourceOperationFailure',
    message: "The resource operation completed with terminal provisioning state 'Failed'.",
    details: [{ code: 'ExtensionCreationFailed', message: STATUS_NOT_POPULATED }],
  };
};

describe('AZ003 cluster extensions provisioned without errors', () => {
  const valid = [
    { name: 'passes on a Succeeded flux extension with empty statuses', azure: healthyArc(), fragment: '1 extension(s) Succeeded' },
    { name: 'passes on the REST list example (currentVersion, properties wrapper)', azure: azureFixture('rest/ListExtensions.json'), fragment: '3 extension(s)' },
    {
      name: 'passes when statuses carry only Information and Warning levels',
      azure: changed(healthyArc(), 'extensions', (r) => (r.statuses = [{ code: 'InstallationSucceeded', level: 'Information', message: 'ok' }, { code: 'Slow', level: 'Warning', message: 'took long' }])),
      fragment: 'Succeeded',
    },
  ];
  for (const c of valid) {
    it(c.name, () => {
      const r = runOne(AZ003, azureSnap(c.azure));
      expect(r.status).toBe('pass');
      expect(r.message).toContain(c.fragment);
    });
  }

  it('fails on the status-not-populated signature, linking FLUX004 and giving the guide’s recovery with real names', () => {
    const r = runOne(AZ003, azureSnap(changed(healthyArc(), 'extensions', failedFlux)));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ExtensionCreationFailed');
    expect(r.message).toContain('status not populated');
    expect(r.message).toContain('see FLUX004');
    expect(r.remediation?.commands).toEqual([
      'az k8s-extension show -g arc-rg -c arc-cluster-1 -n flux -t connectedClusters',
      'arcdoctor check --check FLUX004',
      'az k8s-extension delete --force -g arc-rg -c arc-cluster-1 -n flux -t connectedClusters',
      'helm uninstall flux -n flux-system',
      'kubectl delete namespaces flux-system',
      'az k8s-extension create -g arc-rg -c arc-cluster-1 -n flux -t connectedClusters --extension-type microsoft.flux',
    ]);
    expect(r.findings?.[0].object).toMatchObject({ kind: 'extensions', namespace: 'arc-rg', name: 'flux' });
  });

  it('fails on an error-level status alone, quoting it, on a non-flux extension without the flux recovery', () => {
    const azure = changed(azureFixture('rest/ListExtensions.json'), 'extensions', (r) => {
      r.statuses = [{ code: 'ExtensionOperationFailed', level: 'Error', message: 'Helm installation failed : Timed out waiting for the resource to come to a ready/completed state' }];
    });
    const r = runOne(AZ003, azureSnap(azure));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ClusterMonitor (azuremonitor-containers)');
    expect(r.message).toContain('"ExtensionOperationFailed: Helm installation failed');
    expect(r.remediation?.commands).toEqual(['az k8s-extension show -g rg1 -c clusterName1 -n ClusterMonitor -t connectedClusters']);
  });

  it('fails on errorInfo alone, quoting code and message', () => {
    const r = runOne(AZ003, azureSnap(changed(healthyArc(), 'extensions', (r) => (r.errorInfo = { code: 'ExtensionOperationFailed', message: 'policies blocking the resource creation' }))));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ExtensionOperationFailed: policies blocking the resource creation');
    expect(r.message).toContain('see FLUX003');
  });

  it('fails on provisioningState Failed without any status', () => {
    const r = runOne(AZ003, azureSnap(changed(healthyArc(), 'extensions', (r) => (r.provisioningState = 'Failed'))));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('provisioningState Failed');
  });

  it('warns while an extension is still Creating (the REST GetExtension example)', () => {
    const r = runOne(AZ003, azureSnap(azureFixture('rest/GetExtension.json')));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('Creating');
  });

  it('follows the release namespace Azure names for the helm and namespace commands', () => {
    const azure = changed(healthyArc(), 'extensions', (r) => {
      failedFlux(r);
      r.scope = { cluster: { releaseNamespace: 'gitops' } };
    });
    const r = runOne(AZ003, azureSnap(azure));
    expect(r.remediation?.commands).toContain('helm uninstall flux -n gitops');
    expect(r.remediation?.commands).toContain('kubectl delete namespaces gitops');
  });

  it('passes when Azure was listed completely and holds no extension', () => {
    const r = runOne(AZ003, azureSnap(azureFixture('cli/providers.json'), { completeTypes: [{ group: ARM_COMPLETE_GROUP, kind: 'Microsoft.KubernetesConfiguration/extensions' }] }));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('No cluster extensions');
  });

  it('skips when the snapshot has no extension data', () => {
    const r = runOne(AZ003, azureSnap(azureFixture('cli/providers.json')));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('az k8s-extension list');
  });

  it('ends in error when listing extensions was refused', () => {
    const r = runOne(AZ003, azureSnap(azureFixture('cli/providers.json'), { azureFailures: [{ armType: 'Microsoft.KubernetesConfiguration/extensions', reason: 'forbidden', message: 'refused (403)' }] }));
    expect(r.status).toBe('error');
  });

  // hashicorp/terraform-provider-azurerm #24547: the extension service appends the "policies blocking" advice to every Helm failure.
  it('quotes a non-flux extension failure without linking the flux-system checks', () => {
    const azure = changed(azureFixture('rest/ListExtensions.json'), 'extensions', (r) => {
      r.provisioningState = 'Failed';
      r.errorInfo = {
        code: 'ExtensionOperationFailed',
        message:
          'The extension operation failed with the following error:  Error: [ InnerError: [Helm installation failed : Unable to create/update Kubernetes resources for the extension : Recommendation Please check that there are no policies blocking the resource creation/update for the extension.',
      };
    });
    const r = runOne(AZ003, azureSnap(azure));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('policies blocking the resource creation');
    expect(r.message).not.toContain('see FLUX003');
    expect(r.remediation?.commands.join('\n')).not.toContain('arcdoctor check --check FLUX');
  });

  // Azure/AKS #5645: microsoft.flux times out on fluxconfig-controller.
  it('links FLUX001 when the flux install timed out on a flux-system controller', () => {
    const azure = changed(healthyArc(), 'extensions', (r) => {
      r.provisioningState = 'Failed';
      r.statuses = [{ code: 'ExtensionOperationFailed', level: 'Error', message: 'Helm installation failed : Timed out waiting for the resource to come to a ready/completed state Last resource not ready was flux-system/fluxconfig-controller' }];
    });
    const r = runOne(AZ003, azureSnap(azure));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('see FLUX001');
    expect(r.remediation?.commands).toContain('arcdoctor check --check FLUX001');
  });
});

describe('AZ003 exact outcomes', () => {
  const ARGS = '-g arc-rg -c arc-cluster-1 -n flux -t connectedClusters';
  const REF = 'Microsoft.KubernetesConfiguration/extensions /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/arc-rg/providers/Microsoft.Kubernetes/connectedClusters/arc-cluster-1/providers/Microsoft.KubernetesConfiguration/extensions/flux';
  const TEXT =
    'Read each quoted status: it names the cause. Where a status matches a known signature, the linked check shows the in-cluster side. ' +
    'For microsoft.flux the guide’s recovery is: force-delete the extension, uninstall its Helm release, delete its namespace, then re-create it.';
  const run = (azure: AzureResource[]) => AZ003.run(azureSnap(azure), { now: NOW, catalog: [] });
  const edit = (e: (r: AzureResource) => void) => changed(healthyArc(), 'extensions', e);

  it('passes naming each extension and its type', () => {
    expect(run(healthyArc())).toEqual({ status: 'pass', message: '1 extension(s) Succeeded with no error status: flux (microsoft.flux)' });
    expect(run(edit((r) => delete r.extensionType)).message).toBe('1 extension(s) Succeeded with no error status: flux (unknown type)');
  });

  it('warns while an operation is running, with only the show command', () => {
    expect(run(edit((r) => (r.provisioningState = 'Updating')))).toEqual({
      status: 'warn',
      message: 'Extension flux (microsoft.flux): "provisioningState Updating (operation still running)"',
      evidence: [{ ref: REF, path: 'properties.provisioningState', observed: 'Updating', expected: 'Succeeded' }],
      remediation: { text: TEXT, commands: [`az k8s-extension show ${ARGS}`] },
      findings: [expect.objectContaining({ status: 'warn', object: { kind: 'extensions', namespace: 'arc-rg', name: 'flux' } })],
      fixes: [],
    });
  });

  it('a failed state plus a running one is a fail: the worst problem decides', () => {
    const r = run(edit((r) => {
      r.provisioningState = 'Updating';
      r.installState = 'Failed';
    }));
    expect(r.status).toBe('fail');
    expect(r.message).toBe('Extension flux (microsoft.flux): "provisioningState Updating (operation still running)"; "installState Failed"');
    expect(r.evidence?.map((e) => e.path)).toEqual(['properties.provisioningState', 'properties.installState']);
  });

  it('a failed flux extension gets the guide’s recovery in its release namespace (flux-system when unsaid)', () => {
    const commands = (ns: string) => [
      `az k8s-extension show ${ARGS}`,
      `az k8s-extension delete --force ${ARGS}`,
      `helm uninstall flux -n ${ns}`,
      `kubectl delete namespaces ${ns}`,
      `az k8s-extension create ${ARGS} --extension-type microsoft.flux`,
    ];
    expect(run(edit((r) => { r.provisioningState = 'Failed'; r.scope = { cluster: { releaseNamespace: 'gitops' } }; })).remediation?.commands).toEqual(commands('gitops'));
    expect(run(edit((r) => { r.provisioningState = 'Failed'; r.scope = {}; })).remediation?.commands).toEqual(commands('flux-system'));
    expect(run(edit((r) => { r.provisioningState = 'Failed'; delete r.scope; })).remediation?.commands).toEqual(commands('flux-system'));
  });

  it('a failed extension of another type gets only the show command; one without name or type gets placeholders', () => {
    expect(run(edit((r) => { r.provisioningState = 'Failed'; r.extensionType = 'microsoft.azuremonitor.containers'; })).remediation?.commands).toEqual([`az k8s-extension show ${ARGS}`]);
    const r = run(edit((r) => { r.provisioningState = 'Failed'; delete r.extensionType; delete r.name; }));
    expect(r.message).toBe('Extension  (unknown type): "provisioningState Failed"');
    expect(r.remediation?.commands).toEqual(['az k8s-extension show -g arc-rg -c arc-cluster-1 -n <EXTENSION_NAME> -t connectedClusters']);
  });
});
