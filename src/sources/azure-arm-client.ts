// A small read-only ARM client: GET by resource path with an api-version, nextLink paging, and 429/503
// retries that honour Retry-After within a bound. The Azure SDK's HTTP pipeline is loaded lazily, only
// when Azure is read live, and brings TLS, proxy and the bearer-token policy (which refuses plain http).
import type { AccessToken, TokenCredential } from '@azure/identity';

export const ARM_ENDPOINT = 'https://management.azure.com';

export interface ArmClientOptions {
  /** ARM endpoint (sovereign clouds, tests); https only. */
  endpoint?: string;
  credential: TokenCredential;
  /** Extra trusted CA (PEM), for a stand-in ARM in tests or a TLS-inspecting proxy. */
  ca?: string | Buffer;
  /** Attempts per request when ARM throttles (429) or is unavailable (503). */
  maxAttempts?: number;
  /** Longest Retry-After honoured; a longer one ends the read as throttled instead of stalling the run. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A refused or failed ARM request: the HTTP status (0 when none came back) and ARM's error code and message. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface ArmReader {
  get(path: string, apiVersion: string): Promise<unknown>;
  /** A POST with a JSON body (Azure Resource Graph queries are POSTs). */
  post(path: string, apiVersion: string, body: unknown): Promise<unknown>;
  /** Every item of a list, following nextLink (bounded). */
  list(path: string, apiVersion: string): Promise<unknown[]>;
}

export interface ArmWriter extends ArmReader {
  /** A change (`fix --azure`): create the reader with maxAttempts 1 so nothing is ever re-sent. */
  write(method: 'POST' | 'PATCH', path: string, apiVersion: string, body?: unknown): Promise<unknown>;
}

const MAX_PAGES = 50;

export async function createArmReader(opts: ArmClientOptions): Promise<ArmWriter> {
  const pipelineLib = await import('@azure/core-rest-pipeline');
  const endpoint = (opts.endpoint ?? ARM_ENDPOINT).replace(/\/+$/, '');
  if (!/^https:\/\//i.test(endpoint)) throw new ArmError(0, 'InsecureEndpoint', `ARM endpoint ${endpoint} is not https; bearer tokens are only sent over TLS`);
  const scope = `${endpoint}/.default`;
  const pipeline = pipelineLib.createPipelineFromOptions({
    retryOptions: { maxRetries: 0 },
    tlsOptions: opts.ca ? { ca: opts.ca } : undefined,
    userAgentOptions: { userAgentPrefix: 'arcdoctor' },
  });
  pipeline.addPolicy(pipelineLib.bearerTokenAuthenticationPolicy({ credential: cachingCredential(opts.credential), scopes: scope }));
  const httpClient = pipelineLib.createDefaultHttpClient();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = opts.maxAttempts ?? 3;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 10_000;

  // Resource Graph says how many requests are left in its quota window; at 0 the next request waits for the reset.
  let quotaResetAt = 0;

  async function send(url: string, method: 'GET' | 'POST' | 'PATCH' = 'GET', json?: unknown): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const quotaWait = quotaResetAt - Date.now();
      if (quotaWait > 0) await sleep(Math.min(quotaWait, maxRetryAfterMs));
      const request = pipelineLib.createPipelineRequest({ url, method, timeout: opts.timeoutMs ?? 30_000 });
      if (json !== undefined) {
        request.body = JSON.stringify(json);
        request.headers.set('content-type', 'application/json');
      }
      let response;
      try {
        response = await pipeline.sendRequest(httpClient, request);
      } catch (e) {
        throw toArmError(e);
      }
      const quotaResetMs = userQuotaWaitMs(response.headers.get('x-ms-user-quota-remaining'), response.headers.get('x-ms-user-quota-resets-after'));
      if (quotaResetMs !== undefined) quotaResetAt = Date.now() + quotaResetMs;
      const body = parseBody(response.bodyAsText);
      if (response.status >= 200 && response.status < 300) return body;
      const retryable = response.status === 429 || response.status === 503;
      const header = response.headers.get('retry-after-ms') ?? response.headers.get('x-ms-retry-after-ms');
      const retryAfter = response.headers.get('retry-after');
      const waitMs = !header && !retryAfter && quotaResetMs !== undefined ? quotaResetMs : retryAfterMs(header, retryAfter, attempt);
      if (retryable && attempt < maxAttempts && waitMs <= maxRetryAfterMs) {
        quotaResetAt = 0;
        await sleep(waitMs);
        continue;
      }
      const err = armErrorOf(body);
      const suffix = retryable ? ` (gave up after ${attempt} attempt(s); Retry-After ${Math.round(waitMs / 1000)}s)` : '';
      throw new ArmError(response.status, err.code, `${response.status}${err.code ? ' ' + err.code : ''}: ${err.message ?? 'no message'}${suffix}`);
    }
  }

  return {
    get: (path, apiVersion) => send(urlOf(endpoint, path, apiVersion)),
    post: (path, apiVersion, body) => send(urlOf(endpoint, path, apiVersion), 'POST', body),
    list: (path, apiVersion) => listPages(send, urlOf(endpoint, path, apiVersion)),
    write: (method, path, apiVersion, body) => send(urlOf(endpoint, path, apiVersion), method, body),
  };
}

/** One token for the whole run: DefaultAzureCredential may spawn `az` on every call otherwise. */
function cachingCredential(credential: TokenCredential): TokenCredential {
  let token: AccessToken | null = null;
  return {
    getToken: async (scopes, options) => (token && token.expiresOnTimestamp - Date.now() > 60_000 ? token : (token = await credential.getToken(scopes, options))),
  };
}

async function listPages(send: (url: string) => Promise<unknown>, firstUrl: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | undefined = firstUrl;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const body = (await send(next)) as { value?: unknown[]; nextLink?: string | null } | null;
    if (body && Array.isArray(body.value)) items.push(...body.value);
    next = body?.nextLink ?? undefined;
  }
  return items;
}

function urlOf(endpoint: string, path: string, apiVersion: string): string {
  return `${endpoint}${path}${path.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(apiVersion)}`;
}

function parseBody(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function armErrorOf(body: unknown): { code?: string; message?: string } {
  if (body && typeof body === 'object') {
    const e = (body as { error?: { code?: unknown; message?: unknown } }).error ?? (body as { code?: unknown; message?: unknown });
    return { code: typeof e.code === 'string' ? e.code : undefined, message: typeof e.message === 'string' ? e.message.split('\n')[0] : undefined };
  }
  return { message: typeof body === 'string' ? body.slice(0, 200) : undefined };
}

/** Retry-After in seconds or as an HTTP date; without one, a short linear back-off. */
export function retryAfterMs(msHeader: string | null | undefined, header: string | null | undefined, attempt: number, now = Date.now()): number {
  const ms = Number(msHeader);
  if (msHeader && Number.isFinite(ms)) return Math.max(0, ms);
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return 500 * attempt;
}

/**
 * Resource Graph's quota headers: `x-ms-user-quota-remaining: 0` with `x-ms-user-quota-resets-after: hh:mm:ss`
 * means the next request would be throttled until then. Undefined while quota remains.
 */
export function userQuotaWaitMs(remaining: string | null | undefined, resetsAfter: string | null | undefined): number | undefined {
  if (remaining === null || remaining === undefined || remaining.trim() === '' || Number(remaining) > 0) return undefined;
  const m = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec((resetsAfter ?? '').trim());
  if (!m) return 1000;
  return Math.max(0, Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000));
}

function toArmError(e: unknown): ArmError {
  if (e instanceof ArmError) return e;
  const err = e as { statusCode?: number; code?: string; message?: string; name?: string };
  return new ArmError(err.statusCode ?? 0, err.code ?? err.name, (err.message ?? String(e)).split('\n')[0]);
}
