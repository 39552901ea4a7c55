// Error texts Azure reports for cluster extensions and Flux configurations, tied to the in-cluster check
// that finds their cause. Messages arrive raw, JSON-escaped (`\"`) or cut short, so the patterns are loose.

export interface KnownSignature {
  checkId: string;
  pattern: RegExp;
  meaning: string;
}

export const SIGNATURES: readonly KnownSignature[] = [
  {
    checkId: 'FLUX004',
    pattern: /status not populated|no azure identity found for request/i,
    meaning: 'the extension agent could not get its token (AAD Pod Identity intercepts IMDS)',
  },
  {
    checkId: 'FLUX002',
    pattern: /dry-run failed.*admission webhook\s*\\?"?([^"\\\s]+)\\?"?\s*does not support dry/i,
    meaning: 'an admission webhook does not declare sideEffects None/NoneOnDryRun',
  },
  {
    checkId: 'FLUX003',
    pattern: /admission webhook\s*\\?"?[^"\\\s]+\\?"?\s*denied the request|policies blocking the resource creation/i,
    meaning: 'an admission policy blocks the extension’s resources',
  },
];

/** The known signatures a message carries (at most one per check). */
export function signaturesIn(message: string): KnownSignature[] {
  return SIGNATURES.filter((s) => s.pattern.test(message));
}

/** The webhook a dry-run failure names, e.g. `aks-webhook-admission-controller.azmk8s.io`. */
export function dryRunWebhook(message: string): string | undefined {
  return SIGNATURES.find((s) => s.checkId === 'FLUX002')?.pattern.exec(message)?.[1];
}

/** `(see FLUX004: …)` appended to a quoted status, or nothing. */
export function signatureHint(message: string): string {
  const found = signaturesIn(message);
  if (found.length === 0) return '';
  return ' ' + found.map((s) => `(see ${s.checkId}: ${s.meaning})`).join(' ');
}
