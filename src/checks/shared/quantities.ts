// Kubernetes resource quantities (`500m`, `1`, `64Mi`, `1Gi`, `128M`, `1e3`) compared as numbers.

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * The value of a quantity in base units (cores for CPU, bytes for memory), or undefined when it is not one.
 * The troubleshooting guide writes "5min" and "50 m" for 5m and 50m; both are accepted.
 */
export function parseQuantity(input: string | number | undefined | null): number | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  const text = input.trim().replace(/\s+/g, '').replace(/^(\d+(?:\.\d+)?)min$/, '$1m');
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkKMGTPE])?)$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (m[2]) return value * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  const factor = binary[suffix] ?? decimal[suffix];
  return factor === undefined ? undefined : value * factor;
}

/** -1, 0 or 1; undefined when either side does not parse. */
export function compareQuantities(a: string | number | undefined, b: string | number | undefined): number | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return undefined;
  const eps = Math.max(Math.abs(x), Math.abs(y)) * 1e-12;
  return Math.abs(x - y) <= eps ? 0 : x < y ? -1 : 1;
}

/** `0.5` cores → `500m`; whole cores stay whole. */
export function formatCpu(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/** Bytes in the largest binary unit that keeps an integer, as kubectl prints them. */
export function formatMemory(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const f = binary[unit];
    if (bytes >= f && bytes % f === 0) return `${bytes / f}${unit}`;
  }
  return Number.isInteger(bytes) ? String(bytes) : bytes.toFixed(0);
}
