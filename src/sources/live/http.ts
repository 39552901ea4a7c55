// Requests to the API server over node's own http(s) with the kubeconfig's TLS material and credentials:
// raw bytes → JSON.parse, no typed-model deserialization (it costs seconds on 50k pods; docs/performance.md).
// Bounded retries with backoff for 429/5xx/transport errors, honouring Retry-After, within the run's deadline.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A transport failure (no HTTP answer at all): refused, DNS, TLS, reset, timeout. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 };
const PER_REQUEST_TIMEOUT_MS = 60_000;
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const FATAL_TRANSPORT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface ApiClientOptions {
  deadline: number;
  retry?: RetryPolicy;
  maxSockets: number;
  /** Counts each HTTP request sent (retries included), for progress and tests. */
  onRequest?: () => void;
}

export class ApiClient {
  private constructor(
    readonly server: string,
    private readonly base: https.RequestOptions,
    private readonly opts: ApiClientOptions,
  ) {}

  static async create(kc: KubeConfig, server: string, opts: ApiClientOptions): Promise<ApiClient> {
    const base: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(base);
    const cluster = kc.getCurrentCluster();
    // client-node's agent has no keep-alive; ours reuses connections across pages and types (same TLS material).
    if (!cluster?.proxyUrl) {
      const agentOptions = { keepAlive: true, maxSockets: opts.maxSockets, ca: base.ca, cert: base.cert, key: base.key, pfx: base.pfx, passphrase: base.passphrase, rejectUnauthorized: base.rejectUnauthorized, servername: base.servername };
      base.agent = server.startsWith('http:') ? new http.Agent(agentOptions) : new https.Agent(agentOptions);
    }
    return new ApiClient(server, base, opts);
  }

  close(): void {
    (this.base.agent as http.Agent | undefined)?.destroy?.();
  }

  remainingMs(): number {
    return this.opts.deadline - Date.now();
  }

  /** GET with retries; answers any HTTP status (the caller decides), throws TransportError when none came. */
  async get(path: string, accept = 'application/json'): Promise<ApiResponse> {
    const policy = this.opts.retry ?? DEFAULT_RETRY;
    for (let attempt = 1; ; attempt++) {
      let res: ApiResponse | undefined;
      let failure: TransportError | undefined;
      try {
        res = await this.once('GET', path, accept);
      } catch (e) {
        failure = e as TransportError;
        if (failure.code && FATAL_TRANSPORT.has(failure.code)) throw failure;
      }
      if (res && !RETRYABLE_STATUS.has(res.status)) return res;
      const delay = backoff(policy, attempt, res?.headers['retry-after']);
      if (attempt >= policy.attempts || delay >= this.remainingMs()) {
        if (res) return res;
        throw failure!;
      }
      await sleep(delay);
    }
  }

  /** One request without retries (writes: fix, undo). */
  once(method: string, path: string, accept = 'application/json', body?: string, contentType?: string): Promise<ApiResponse> {
    const remaining = this.remainingMs();
    if (remaining <= 0) return Promise.reject(new TransportError('the run timed out (--timeout)', 'ETIMEDOUT'));
    const url = new URL(this.server + path);
    const transport = url.protocol === 'http:' ? http : https;
    const headers: Record<string, string> = { ...(this.base.headers as Record<string, string>), Accept: accept, 'User-Agent': 'arcdoctor' };
    if (body !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    this.opts.onRequest?.();
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        { ...this.base, method, headers, timeout: Math.min(PER_REQUEST_TIMEOUT_MS, remaining) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e: NodeJS.ErrnoException) => reject(new TransportError(e.message, e.code)));
        },
      );
      // When the run's --timeout is the nearer bound, say so: "no answer within 0s" would name neither.
      const timeoutMessage = remaining < PER_REQUEST_TIMEOUT_MS ? 'the run timed out (--timeout)' : `no answer within ${Math.round(PER_REQUEST_TIMEOUT_MS / 1000)}s`;
      req.on('timeout', () => req.destroy(Object.assign(new Error(timeoutMessage), { code: 'ETIMEDOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => reject(new TransportError(e.message || e.code || 'request failed', e.code)));
      req.end(body);
    });
  }
}

export function backoff(policy: RetryPolicy, attempt: number, retryAfter: string | string[] | undefined): number {
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  const seconds = header !== undefined ? Number(header) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs);
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The `message` of a Kubernetes Status body, else the start of the body. */
export function statusMessage(res: ApiResponse): string {
  try {
    const parsed = JSON.parse(res.body) as { message?: unknown };
    if (typeof parsed.message === 'string' && parsed.message) return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = res.body.trim().split('\n')[0].slice(0, 200);
  return text ? `HTTP ${res.status}: ${text}` : `HTTP ${res.status}`;
}
