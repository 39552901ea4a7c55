// When the Flux checks' logs are worth reading (issue #13): only when the listed objects give a reason to look, so a
// healthy cluster costs no log request and a broken one reads the logs that explain it.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { podTroubled } from '../../engine/log-needs.js';
import { constraints, enforcementAction } from '../shared/gatekeeper.js';
import { kyvernoEnforces } from './admission-denials.js';
import { fluxInstall } from './install.js';
import { podIdentityTraces } from './pod-identity.js';

/** The microsoft.flux extension did not provision, or a FluxConfig reports an error. */
export function fluxExtensionFailed(snap: Snapshot): boolean {
  const install = fluxInstall(snap);
  const state = install.extension?.provisioningState;
  if (state !== undefined && String(state).toLowerCase() !== 'succeeded') return true;
  return snap.list(R.FluxConfig).some((c) => {
    const s = c.status ?? {};
    const compliance = String(s.complianceState ?? '').toLowerCase();
    return (compliance !== '' && compliance !== 'compliant') || (Array.isArray(s.errors) && s.errors.length > 0);
  });
}

/** An enforcing admission policy that could refuse the agents' writes. */
function denyingPolicyPresent(snap: Snapshot): boolean {
  const kyverno = [...snap.list(R.KyvernoClusterPolicy), ...snap.list(R.KyvernoPolicy)].some(kyvernoEnforces);
  return kyverno || constraints(snap).some((c) => enforcementAction(c) === 'deny');
}

/** FLUX003: the agents log the denials of their own writes; read them when something could deny or did fail. */
export function agentLogWorthReading(pod: KubeObject, snap: Snapshot): boolean {
  return podTroubled(pod) || fluxExtensionFailed(snap) || denyingPolicyPresent(snap);
}

/** FLUX004: NMI intercepts the agents' token only where AAD Pod Identity runs (or the extension failed). */
export function tokenLogWorthReading(pod: KubeObject, snap: Snapshot): boolean {
  return podIdentityTraces(snap).length > 0 || fluxExtensionFailed(snap);
}
