// Fault injection for tests and benchmarks (off by default): RBAC denials with the API server's Forbidden
// wording, injected 500/429 answers from a seeded generator (the same seed fails the same requests), latency.
import { ApiError, qualifiedResource } from './status.js';

export interface DenyRule {
  plural: string;
  group?: string;
  subresource?: string;
}

/** `pods`, `deployments.apps`, `meshconfigs.config.openservicemesh.io`, `pods/log`. */
export function parseDenyRules(entries: readonly string[]): DenyRule[] {
  return entries
    .flatMap((e) => e.split(','))
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const [res, subresource] = e.split('/', 2);
      const dot = res.indexOf('.');
      return dot < 0 ? { plural: res, subresource } : { plural: res.slice(0, dot), group: res.slice(dot + 1), subresource };
    });
}

export interface AccessAttributes {
  user: string;
  verb: string;
  group: string;
  plural: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export function deniedBy(rules: DenyRule[], a: AccessAttributes): boolean {
  return rules.some((r) => r.plural === a.plural && (r.group === undefined || r.group === a.group) && (r.subresource ?? '') === (a.subresource ?? ''));
}

/** errors.NewForbidden with the authorizer's reason, word for word. */
export function forbidden(a: AccessAttributes): ApiError {
  const resource = a.subresource ? `${a.plural}/${a.subresource}` : a.plural;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const reason = `User "${a.user}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
  const qualified = qualifiedResource(a.plural, a.group);
  const message = a.name ? `${qualified} "${a.name}" is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
  return new ApiError(403, 'Forbidden', message, { ...(a.name ? { name: a.name } : {}), group: a.group, kind: a.plural });
}

/** mulberry32: small, fast and good enough to decide which requests fail. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;

  constructor(
    private readonly failRate: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  /** An injected failure for this request, or undefined. Both answers carry Retry-After so clients back off. */
  next(): ApiError | undefined {
    if (this.failRate <= 0) return undefined;
    if (this.random() >= this.failRate) return undefined;
    const headers = { 'Retry-After': '1' };
    if (this.random() < 0.5) {
      return new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }, headers);
    }
    return new ApiError(500, 'InternalError', 'Internal error occurred: injected fault (arcdoctor serve --fail-rate)', { causes: [{ message: 'injected fault' }], retryAfterSeconds: 1 }, headers);
  }
}
