import { defineCheck, error, fromFindings, type Finding } from '../define.js';
import { refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { notCollectedMessage, typeNotCollected } from './coverage.js';
import { osmInstall } from './install.js';
import { findWebhookConfigs, restartOwnerCommand, webhookExpectations } from './webhooks.js';

export default defineCheck({
  id: 'OSM009',
  area: 'osm',
  title: 'OSM validating and mutating webhook configurations exist',
  guide: 'Verificar a Validação e a Mutação de webhooks',
  reads: [{ type: R.ValidatingWebhookConfiguration }, { type: R.MutatingWebhookConfiguration }, { type: R.Deployment }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: false,
  run(snap) {
    const install = osmInstall(snap);
    // A snapshot without a single webhook configuration of either kind was made without them: OSM's running
    // controller and injector write theirs at start-up, so both gone at once says more about the snapshot.
    if (!snap.knowsType(R.ValidatingWebhookConfiguration) && !snap.knowsType(R.MutatingWebhookConfiguration)) {
      return error(notCollectedMessage('ValidatingWebhookConfiguration or MutatingWebhookConfiguration', 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml'));
    }
    const findings: Finding[] = [];
    const found: string[] = [];
    const notes: string[] = [];
    for (const exp of webhookExpectations(install)) {
      const { configs, byNameOnly } = findWebhookConfigs(snap, install, exp);
      const kindName = exp.type.kind;
      if (configs.length === 0 && typeNotCollected(snap, exp.type)) return error(notCollectedMessage(kindName, `kubectl get ${kindName} -o yaml`));
      if (configs.length > 0) {
        found.push(...configs.map((c) => c.metadata.name));
        if (byNameOnly) notes.push(`${kindName} ${exp.configName} was found by name but lacks the label ${exp.selector} the guide selects by`);
        continue;
      }
      const object = { apiVersion: `${exp.type.group}/${exp.type.version}`, kind: kindName, name: exp.configName };
      findings.push({
        status: 'fail',
        object,
        message: `No ${kindName} labelled ${exp.selector} (expected ${exp.configName}): ${exp.kind === 'validating' ? 'OSM policy objects are not validated' : 'no Envoy sidecar can be injected'}`,
        evidence: [{ ref: refString(object), path: `metadata.labels (${exp.selector})`, observed: 'none found', expected: exp.configName }],
        commands: [
          `kubectl get ${kindName} --selector ${exp.selector}`,
          `kubectl logs -n ${install.namespace} -l app=${exp.owner} --tail=50`,
          restartOwnerCommand(install, exp),
        ],
      });
    }
    return fromFindings(findings, {
      pass: `Found ${found.join(' and ')}`,
      remediation: `${install.namespace}'s osm-controller creates the validating configuration and osm-injector the mutating one when they start; check their logs for the reason, then restart them so they re-create it.`,
      notes,
    });
  },
});
