// Admission webhooks across every Validating/MutatingWebhookConfiguration (v1 and v1beta1), and the dry-run
// failure Flux reports when one of them does not declare itself free of side effects on dry run.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';

export interface WebhookEntry {
  configuration: KubeObject;
  kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';
  index: number;
  name: string;
  /** As declared; v1beta1 defaults an absent sideEffects to Unknown (v1 requires it). */
  sideEffects: string;
  declared: boolean;
}

const SAFE = new Set(['None', 'NoneOnDryRun']);

export function allWebhooks(snap: Snapshot): WebhookEntry[] {
  const out: WebhookEntry[] = [];
  for (const type of [R.ValidatingWebhookConfiguration, R.MutatingWebhookConfiguration]) {
    for (const cfg of snap.list(type)) {
      const hooks: unknown = cfg.webhooks;
      if (!Array.isArray(hooks)) continue;
      hooks.forEach((h: { name?: unknown; sideEffects?: unknown }, index) => {
        if (!h || typeof h !== 'object') return;
        const declared = typeof h.sideEffects === 'string' && h.sideEffects !== '';
        out.push({ configuration: cfg, kind: type.kind as WebhookEntry['kind'], index, name: String(h.name ?? ''), sideEffects: declared ? String(h.sideEffects) : 'Unknown', declared });
      });
    }
  }
  return out;
}

export function sideEffectsSafe(w: WebhookEntry): boolean {
  return SAFE.has(w.sideEffects);
}

/**
 * Whether Flux's server-side dry run can reach the webhook: it dry-runs CREATE and UPDATE only, so a webhook on
 * CONNECT (pods/exec) or DELETE alone is never asked. Rules that cannot be read count as reachable.
 */
export function interceptsApply(w: WebhookEntry): boolean {
  const rules: unknown = (Array.isArray(w.configuration.webhooks) ? w.configuration.webhooks[w.index] : undefined)?.rules;
  if (!Array.isArray(rules)) return true;
  return rules.some((r) => {
    const ops: unknown = r?.operations;
    return !Array.isArray(ops) || ops.some((op) => ['*', 'CREATE', 'UPDATE'].includes(String(op).toUpperCase()));
  });
}

export interface DryRunFailure {
  /** The webhook name as quoted, or its beginning when the message was cut inside it. */
  webhook: string;
  truncated: boolean;
  message: string;
}

/**
 * `dry-run failed, error: admission webhook "NAME" does not support dry run`, in the forms seen in the wild:
 * with `reason: BadRequest,`, JSON-escaped quotes (`\\"NAME\\"`, the Azure portal), and cut short after "dry" or
 * inside the name. A message may list several failing objects; each webhook is returned once.
 */
export function parseDryRunFailures(message: string): DryRunFailure[] {
  const text = String(message);
  const out: DryRunFailure[] = [];
  for (const m of text.matchAll(/admission webhook \\*"([^"\\]+)\\*"([^\n]*)/gi)) {
    const rest = m[2].trim().toLowerCase();
    // Cut somewhere in "does not support dry run" (the portal shows "... does not support dry").
    const supported = /^does not support dry[\s-]*run/.test(rest) || (DOES_NOT_SUPPORT.startsWith(rest) && /dry-run failed/i.test(text));
    if (supported && !out.some((f) => f.webhook === m[1])) out.push({ webhook: m[1], truncated: false, message: text });
  }
  if (out.length) return out;
  // Cut inside the webhook's name: only what precedes the cut is known.
  const cut = /dry-run failed.*admission webhook \\*"([^"\\]*)$/is.exec(text.trimEnd());
  return cut ? [{ webhook: cut[1], truncated: true, message: text }] : [];
}

export function parseDryRunFailure(message: string): DryRunFailure | undefined {
  return parseDryRunFailures(message)[0];
}

const DOES_NOT_SUPPORT = 'does not support dry run';

/** Webhooks the failure names: exact matches, or when the name was cut, those that start with what is left. */
export function webhooksNamed(all: WebhookEntry[], failure: DryRunFailure): WebhookEntry[] {
  if (!failure.truncated) return all.filter((w) => w.name === failure.webhook);
  if (failure.webhook.length < 3) return [];
  return all.filter((w) => w.name.startsWith(failure.webhook));
}

/** `replace` needs the member to exist: a webhook without sideEffects (v1beta1) takes `add`, which sets it either way. */
export function sideEffectsPatch(w: WebhookEntry): Array<{ op: 'add' | 'replace'; path: string; value: string }> {
  return [{ op: w.declared ? 'replace' : 'add', path: `/webhooks/${w.index}/sideEffects`, value: 'NoneOnDryRun' }];
}

export function patchCommand(w: WebhookEntry): string {
  const patch = JSON.stringify(sideEffectsPatch(w));
  return `kubectl patch ${w.kind.toLowerCase()} ${w.configuration.metadata.name} --type=json -p '${patch}'`;
}
