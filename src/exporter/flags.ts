// The exporter's own flag values: a duration (`30s`, `5m`, `1h`, `250ms`, `1m30s`) and a listen address (`HOST:PORT`).
import { UsageError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go-style duration, as Prometheus and Kubernetes users write them. */
export function parseDuration(flag: string, value: string): number {
  const text = value.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const whole = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || whole !== text) throw new UsageError(`${flag} ${value}: expected a duration such as 30s, 5m, 1h or 500ms`);
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]], 0);
  if (!(ms >= 1)) throw new UsageError(`${flag} ${value}: the duration must be at least 1ms`);
  return ms;
}

export interface ListenAddress {
  host: string;
  port: number;
}

/** `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` for every interface. */
export function parseListen(value: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port > 65535) throw new UsageError(`--listen ${value}: expected HOST:PORT, e.g. 0.0.0.0:9090 or 127.0.0.1:0`);
  const host = m[1] ?? (m[2] || '0.0.0.0');
  return { host, port };
}
