// What `collect` hides in the containers of pods and pod templates before they reach a bundle:
// - env[].value (all of them unless --no-redact-env, but the ones checks compare against; valueFrom stays),
// - the value of any command/args flag whose name looks secret (token, password, secret, key, credential), in the
//   `--flag=value` and `--flag value` forms, also inside a shell string (`sh -c "app --api-token=…"`),
// and the same inside the kubectl.kubernetes.io/last-applied-configuration annotation, which repeats the spec.
import type { KubeObject } from '../snapshot/objects.js';
import { LAST_APPLIED } from './secrets.js';

export const REDACTED = '<redacted>';

/**
 * Env values the checks compare against (OSM016 reads the injector's Envoy image from them): image references, not
 * secrets, and redacting them would make the bundle diagnose differently from the live run.
 */
export const ENV_KEPT = new Set(['OSM_DEFAULT_ENVOY_IMAGE', 'OSM_DEFAULT_ENVOY_WINDOWS_IMAGE']);

export const SECRET_FLAG_WORDS = ['token', 'password', 'secret', 'key', 'credential'];
const SECRET_NAME = new RegExp(SECRET_FLAG_WORDS.join('|'), 'i');
/** `--api-token=VALUE` / `-password=VALUE` as a whole argument. */
const FLAG_WITH_VALUE = /^(--?[A-Za-z0-9][\w.-]*)=(.*)$/s;
/** A bare flag whose value is the next argument. */
const BARE_FLAG = /^--?[A-Za-z0-9][\w.-]*$/;
/** A flag and its separator inside a longer string (a shell command line); the value is read after it. */
const FLAG_IN_TEXT = /(^|[\s"'])(--?[A-Za-z0-9][\w.-]*)(=|\s+)/g;
/** A value: quoted, or up to the next space; never another flag. */
const VALUE = /^("[^"]*"|'[^']*'|[^\s"'-]\S*)/;

const POD_SPEC_PATHS = [['spec'], ['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']];
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

export interface ContainerRedactions {
  envValues: number;
  argValues: number;
  /** Flag names whose values were redacted (never the values). */
  argFlags: Set<string>;
}

export function emptyRedactions(): ContainerRedactions {
  return { envValues: 0, argValues: 0, argFlags: new Set() };
}

type Container = { env?: Array<{ name?: unknown; value?: unknown }>; args?: unknown; command?: unknown };

/** A copy with secret-looking values redacted (the object itself when nothing was); counts into `tally`. */
export function redactContainers(obj: KubeObject, redactEnv: boolean, tally: ContainerRedactions): KubeObject {
  let copy: KubeObject | undefined;
  const writable = () => (copy ??= structuredClone(obj));
  for (const path of POD_SPEC_PATHS) {
    if (!isObject(at(obj, path))) continue;
    for (const list of CONTAINER_LISTS) {
      const containers = (at(obj, path) as Record<string, unknown>)[list];
      if (!Array.isArray(containers)) continue;
      containers.forEach((c: Container, i) => {
        if (!isObject(c)) return;
        const envHit = redactEnv && Array.isArray(c.env) && c.env.some(envRedactable);
        const argHit = [c.command, c.args].some((a) => Array.isArray(a) && redactArgs(a, emptyRedactions()).changed);
        if (!envHit && !argHit) return;
        const target = ((at(writable(), path) as Record<string, unknown>)[list] as Container[])[i];
        if (envHit) for (const e of target.env!) if (envRedactable(e)) ((e.value = REDACTED), tally.envValues++);
        for (const field of ['command', 'args'] as const) {
          const args = target[field];
          if (Array.isArray(args)) target[field] = redactArgs(args, tally).args;
        }
      });
    }
  }
  return redactLastApplied(copy ?? obj, redactEnv, tally, () => writable());
}

function envRedactable(e: { name?: unknown; value?: unknown } | null): boolean {
  return Boolean(e && typeof e === 'object' && e.value !== undefined && !ENV_KEPT.has(String(e.name)));
}

/** Redacted arguments: `--x-token=V` → `--x-token=<redacted>`, `--x-token V` → `--x-token <redacted>`. */
export function redactArgs(args: unknown[], tally: ContainerRedactions): { args: unknown[]; changed: boolean } {
  let changed = false;
  const hit = (flag: string) => {
    tally.argValues++;
    tally.argFlags.add(flag);
    changed = true;
  };
  const out = args.map((a, i) => {
    if (typeof a !== 'string') return a;
    const prev = args[i - 1];
    if (typeof prev === 'string' && BARE_FLAG.test(prev) && SECRET_NAME.test(prev) && !a.startsWith('-')) {
      hit(prev);
      return REDACTED;
    }
    const whole = FLAG_WITH_VALUE.exec(a);
    if (whole) {
      if (!SECRET_NAME.test(whole[1])) return a;
      hit(whole[1]);
      return `${whole[1]}=${REDACTED}`;
    }
    if (!/\s/.test(a)) return a;
    return redactInText(a, hit);
  });
  return { args: out, changed };
}

/** `sh -c "app --api-token V --mode x"`: each secret-looking flag's value replaced, everything else as written. */
function redactInText(text: string, hit: (flag: string) => void): string {
  let out = '';
  let from = 0;
  FLAG_IN_TEXT.lastIndex = 0;
  for (let m = FLAG_IN_TEXT.exec(text); m; m = FLAG_IN_TEXT.exec(text)) {
    const valueAt = m.index + m[0].length;
    const value = VALUE.exec(text.slice(valueAt));
    if (!value || !SECRET_NAME.test(m[2])) continue;
    hit(m[2]);
    out += text.slice(from, valueAt) + REDACTED;
    from = valueAt + value[0].length;
    FLAG_IN_TEXT.lastIndex = from;
  }
  return out + text.slice(from);
}

/** The annotation holds the applied object as JSON: redacted the same way, or dropped when it does not parse. */
function redactLastApplied(obj: KubeObject, redactEnv: boolean, tally: ContainerRedactions, writable: () => KubeObject): KubeObject {
  const text = obj.metadata?.annotations?.[LAST_APPLIED];
  if (typeof text !== 'string') return obj;
  let applied: unknown;
  try {
    applied = JSON.parse(text);
  } catch {
    applied = undefined;
  }
  if (!isObject(applied)) {
    delete writable().metadata.annotations![LAST_APPLIED];
    return writable();
  }
  const redacted = redactContainers({ ...applied, metadata: {} } as unknown as KubeObject, redactEnv, tally);
  if (redacted.spec === applied.spec) return obj;
  writable().metadata.annotations![LAST_APPLIED] = JSON.stringify({ ...applied, spec: redacted.spec }) + '\n';
  return writable();
}

function at(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), obj);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A copy with every container's `env[].value` replaced (and secret-looking flags), and how many env values. */
export function redactEnv(obj: KubeObject): { obj: KubeObject; count: number } {
  const tally = emptyRedactions();
  return { obj: redactContainers(obj, true, tally), count: tally.envValues };
}
