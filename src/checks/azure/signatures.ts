// Error texts Azure reports for cluster extensions and Flux configurations, tied to the in-cluster check
// that finds their cause. Messages arrive raw, JSON-escaped (`\"`) or cut short, so the patterns are loose.
import { EXTENSION_TYPES } from '../shared/extensions.js';

export interface KnownSignature {
  checkId: string;
  pattern: RegExp;
  meaning: string;
  /** The extension types whose statuses the signature is about; the linked check looks at that extension only. */
  extensionTypes: readonly string[];
}

const FLUX_ONLY = [EXTENSION_TYPES.flux] as const;

export const SIGNATURES: readonly KnownSignature[] = [
  {
    checkId: 'FLUX004',
    pattern: /status not populated|no azure identity found for request/i,
    meaning: 'the extension agent could not get its token (AAD Pod Identity intercepts IMDS)',
    extensionTypes: FLUX_ONLY,
  },
  {
    checkId: 'FLUX002',
    pattern: /dry-run failed.*admission webhook\s*\\?"?([^"\\\s]+)\\?"?\s*does not support dry/i,
    meaning: 'an admission webhook does not declare sideEffects None/NoneOnDryRun',
    extensionTypes: FLUX_ONLY,
  },
  {
    checkId: 'FLUX003',
    // The extension service appends "check that there are no policies blocking the resource creation" to every Helm failure.
    pattern: /admission webhook\s*\\?"?[^"\\\s]+\\?"?\s*denied the request|policies blocking the resource creation/i,
    meaning: 'an admission policy blocks the extension’s resources',
    extensionTypes: FLUX_ONLY,
  },
  {
    checkId: 'FLUX001',
    pattern: /Last resource not ready was\s+flux-system\//i,
    meaning: 'a Flux controller of the extension never became ready',
    extensionTypes: FLUX_ONLY,
  },
];

/** The known signatures a message carries (at most one per check), for the extension type when given. */
export function signaturesIn(message: string, extensionType?: string): KnownSignature[] {
  const type = extensionType?.toLowerCase();
  return SIGNATURES.filter((s) => (type === undefined || s.extensionTypes.includes(type)) && s.pattern.test(message));
}

/** The webhook a dry-run failure names, e.g. `aks-webhook-admission-controller.azmk8s.io`. */
export function dryRunWebhook(message: string): string | undefined {
  return SIGNATURES.find((s) => s.checkId === 'FLUX002')?.pattern.exec(message)?.[1];
}

/** `(see FLUX004: …)` appended to a quoted status, or nothing. */
export function signatureHint(message: string, extensionType?: string): string {
  const found = signaturesIn(message, extensionType);
  if (found.length === 0) return '';
  return ' ' + found.map((s) => `(see ${s.checkId}: ${s.meaning})`).join(' ');
}
