// `GET /api/v1/namespaces/NS/pods/NAME/log`: the snapshot's container logs as text/plain, with the API
// server's answers when the container is ambiguous or unknown.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ApiContext, Reply } from './context.js';
import { badRequest, notFound } from './status.js';

export function podLog(ctx: ApiContext, namespace: string, name: string, query: URLSearchParams): Reply {
  const pod = ctx.store.get('', 'Pod', namespace, name);
  if (!pod) throw notFound('pods', '', name);
  const names = (list: unknown): string[] => (Array.isArray(list) ? list.map((c: any) => String(c?.name)) : []);
  const containers = names(pod.spec?.containers);
  const inits = names(pod.spec?.initContainers);
  const ephemeral = names(pod.spec?.ephemeralContainers);
  let container = query.get('container') ?? '';
  if (!container) {
    // kubectl 1.20 sends no container for a single-container pod; the API server picks the only one.
    if (containers.length !== 1) {
      const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`);
    }
    container = containers[0];
  }
  if (![...containers, ...inits, ...ephemeral].includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const previous = query.get('previous') === 'true';
  let text = ctx.snapshot.logs(namespace, name, container, previous);
  if (text === undefined && previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  text ??= '';
  const tail = query.get('tailLines');
  if (tail !== null && /^\d+$/.test(tail)) text = tailLines(text, Number(tail));
  const limit = query.get('limitBytes');
  if (limit !== null && /^\d+$/.test(limit)) text = Buffer.from(text).subarray(0, Number(limit)).toString('utf8');
  return { status: 200, body: text, contentType: 'text/plain' };
}

function tailLines(text: string, n: number): string {
  if (n === 0) return '';
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const kept = lines.slice(Math.max(0, lines.length - n)).join('\n');
  return endsWithNewline ? kept + '\n' : kept;
}
