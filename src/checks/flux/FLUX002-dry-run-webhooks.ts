import { refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { defineCheck, fromFindings, type ClusterFixAction, type FixAction, type Finding } from '../define.js';
import { AZURE_FLUX_CONFIGURATION } from './constants.js';
import { failingMessages, type StatusMessage } from './dry-run-sources.js';
import { allWebhooks, interceptsApply, parseDryRunFailures, patchCommand, sideEffectsPatch, sideEffectsSafe, webhooksNamed, type WebhookEntry } from './webhooks.js';

const FIX_WARNING =
  'Only declare NoneOnDryRun if the webhook truly has no side effects on dry-run requests (it writes nothing outside the admission response); otherwise fix or upgrade the webhook itself.';

export default defineCheck({
  id: 'FLUX002',
  area: 'flux',
  title: 'Admission webhooks support dry run (Flux server-side apply)',
  guide: 'Erros de execução de webhook/dry',
  reads: [{ type: R.Kustomization }, { type: R.FluxConfig }, { type: R.ValidatingWebhookConfiguration }, { type: R.MutatingWebhookConfiguration }],
  azure: [AZURE_FLUX_CONFIGURATION],
  fixable: true,
  run(snap, ctx) {
    const webhooks = allWebhooks(snap);
    const reported = new Set<WebhookEntry>();
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const msg of failingMessages(snap)) {
      for (const failure of parseDryRunFailures(msg.message)) {
        // One finding per object and webhook, though Ready and Stalled conditions may both quote it.
        // Azure's status of a Kustomization and the Kustomization itself are the same object: keyed by what it names.
        const key = `${describe(msg)}\u0000${failure.webhook}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const named = webhooksNamed(webhooks, failure);
        // The Kustomization, its FluxConfig and Azure's fluxConfiguration quote the same failure: one fix per webhook.
        const unfixed = named.filter((w) => !reported.has(w));
        named.forEach((w) => reported.add(w));
        findings.push(dryRunFinding(msg, failure.webhook, failure.truncated, named, unfixed, ctx.now));
      }
    }
    for (const w of webhooks) {
      if (sideEffectsSafe(w) || reported.has(w) || !interceptsApply(w)) continue;
      // v1 requires the field, so a v1 object without it was never admitted: a hand-made snapshot, not a cluster.
      if (!w.declared && w.configuration.apiVersion.endsWith('/v1')) continue;
      findings.push(unsafeWebhookFinding(w));
    }
    dedupeReconciles(findings);
    return fromFindings(findings, {
      pass: webhooks.length ? `no dry-run failures; all ${webhooks.length} admission webhooks declare sideEffects None or NoneOnDryRun` : 'no dry-run failures and no admission webhooks',
      remediation: `Set sideEffects to NoneOnDryRun (or None) on the webhook the dry run hits. ${FIX_WARNING}`,
    });
  },
});

function dryRunFinding(msg: StatusMessage, webhook: string, truncated: boolean, named: WebhookEntry[], unfixed: WebhookEntry[], now: Date): Finding {
  const quoted = truncated ? `a webhook whose name starts with "${webhook}" (the message was cut)` : `webhook "${webhook}"`;
  const evidence = [{ ref: msg.ref, path: msg.path, observed: msg.message, expected: 'no dry-run failure' }];
  if (named.length === 0) {
    return {
      status: 'fail',
      object: msg.object,
      message: `${describe(msg)} fails its dry run on ${quoted}, which no Validating/MutatingWebhookConfiguration in the snapshot holds`,
      evidence,
      commands: [
        `kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name,SIDEEFFECTS:.webhooks[*].sideEffects`,
      ],
    };
  }
  const where = named.map((w) => `${w.kind} ${w.configuration.metadata.name} webhooks[${w.index}] (sideEffects ${w.declared ? w.sideEffects : 'absent, defaults to Unknown'})`);
  const reconcile = reconcileFix(msg, now);
  if (named.every(sideEffectsSafe)) {
    // The webhook was fixed after the failure was recorded: Flux keeps the old message until it reconciles again.
    return {
      status: 'warn',
      object: msg.object,
      message: `${describe(msg)}: webhook fixed (${where.join('; ')}); the ${msg.object?.kind ?? 'Kustomization'}'s failure predates it — waiting for a reconcile`,
      evidence: [...evidence.map((e) => ({ ...e, expected: 'a reconcile since the webhook was fixed' })), ...named.map(webhookEvidence)],
      commands: [reconcileCommand(msg)],
      fixes: reconcile ? [reconcile] : undefined,
    };
  }
  return {
    status: 'fail',
    object: msg.object,
    message: `${describe(msg)} fails its dry run on ${quoted}: ${where.join('; ')}`,
    evidence: [...evidence, ...named.map(webhookEvidence)],
    commands: [...named.filter((w) => !sideEffectsSafe(w)).map(patchCommand), reconcileCommand(msg)],
    // The webhook first, then a reconcile so the Kustomization retries its dry run now rather than at its interval.
    fixes: [...unfixed.filter((w) => !sideEffectsSafe(w)).map(fixFor), ...(reconcile ? [reconcile] : [])],
  };
}

function unsafeWebhookFinding(w: WebhookEntry): Finding {
  return {
    status: 'warn',
    object: { apiVersion: w.configuration.apiVersion, kind: w.kind, name: w.configuration.metadata.name },
    message: `${w.kind} ${w.configuration.metadata.name} webhook "${w.name}" (webhooks[${w.index}]) has sideEffects ${w.declared ? w.sideEffects : 'absent (Unknown)'}: Flux's dry run will fail on objects it intercepts`,
    evidence: [webhookEvidence(w)],
    commands: [patchCommand(w)],
    fixes: [fixFor(w)],
  };
}

function webhookEvidence(w: WebhookEntry) {
  return { ref: refString(w.configuration), path: `webhooks[${w.index}].sideEffects`, observed: w.declared ? w.sideEffects : '(absent: Unknown)', expected: 'None or NoneOnDryRun' };
}

function fixFor(w: WebhookEntry): ClusterFixAction {
  return {
    title: `set sideEffects=NoneOnDryRun on ${w.kind} ${w.configuration.metadata.name} webhooks[${w.index}] (${w.name})`,
    warning: FIX_WARNING,
    target: { apiVersion: 'admissionregistration.k8s.io/v1', kind: w.kind, name: w.configuration.metadata.name },
    patchType: 'json',
    patch: sideEffectsPatch(w),
  };
}

function describe(msg: StatusMessage): string {
  return msg.object ? `${msg.object.kind} ${msg.object.namespace ? msg.object.namespace + '/' : ''}${msg.object.name}` : msg.ref;
}

const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';

/** What `flux reconcile` does: annotate the object with the time of the request (Azure's status entries have no object). */
function reconcileFix(msg: StatusMessage, now: Date): ClusterFixAction | undefined {
  const o = msg.object;
  if (!o?.apiVersion || !o.name || !/fluxcd\.io|clusterconfig\.azure\.com/.test(o.apiVersion)) return undefined;
  return {
    title: `Request a reconcile of ${o.kind} ${o.namespace ? o.namespace + '/' : ''}${o.name} so it retries its dry run`,
    target: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name },
    patchType: 'merge',
    patch: { metadata: { annotations: { [REQUESTED_AT]: now.toISOString() } } },
    notUndoable: 'a reconcile request cannot be undone (Flux has acted on it); --undo leaves it',
    waitFor: `Flux to reconcile ${o.kind} ${o.namespace ? o.namespace + '/' : ''}${o.name} (status.lastHandledReconcileAt = the request; flux get kustomizations, or fix --wait)`,
  };
}

function reconcileCommand(msg: StatusMessage): string {
  const o = msg.object;
  if (o?.kind === 'Kustomization') return `flux reconcile kustomization ${o.name} -n ${o.namespace ?? 'flux-system'} --with-source`;
  return o?.name ? `kubectl annotate ${o.kind.toLowerCase()} ${o.name}${o.namespace ? ' -n ' + o.namespace : ''} ${REQUESTED_AT}="$(date -u +%Y-%m-%dT%H:%M:%SZ)" --overwrite` : 'az k8s-configuration flux update … (or wait for the next reconcile)';
}

/** Ready and Stalled, or two webhooks, may fail one object: one reconcile request per object, after all webhook fixes. */
function dedupeReconciles(findings: Finding[]): void {
  const requested = new Set<string>();
  // kustomize-controller acts on the request; a FluxConfig mirroring a Kustomization's failure follows it.
  const kustomizations = findings.some((f) => f.fixes?.some((x) => x.kind !== 'arm' && x.target.kind === 'Kustomization'));
  for (const f of findings) {
    f.fixes = f.fixes?.filter((x) => {
      if (x.kind === 'arm') return true;
      if (x.target.kind.endsWith('WebhookConfiguration')) return true;
      if (kustomizations && x.target.kind !== 'Kustomization') return false;
      const key = `${x.target.apiVersion}/${x.target.kind}/${x.target.namespace}/${x.target.name}`;
      return requested.has(key) ? false : (requested.add(key), true);
    });
  }
}
