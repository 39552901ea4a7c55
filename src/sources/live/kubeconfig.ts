// Kubeconfig resolution as kubectl does it: --kubeconfig, else $KUBECONFIG (several files, first current-context
// wins, missing files ignored), else ~/.kube/config, else the in-cluster service account.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { UnreachableError, UsageError } from '../../errors.js';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface ResolvedConfig {
  kc: KubeConfig;
  /** The context in use, or `in-cluster`. */
  context: string;
  server: string;
}

export function loadKubeConfig(kubeconfig?: string): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfig) {
    if (!existsSync(kubeconfig)) throw new UsageError(`--kubeconfig ${kubeconfig}: no such file`);
    loadFile(kc, kubeconfig, '--kubeconfig');
    return kc;
  }
  const fromEnv = (process.env.KUBECONFIG ?? '').split(delimiter).filter((f) => f && existsSync(f));
  if (fromEnv.length > 0) {
    loadFile(kc, fromEnv[0], 'KUBECONFIG');
    for (const file of fromEnv.slice(1)) {
      const more = new KubeConfig();
      loadFile(more, file, 'KUBECONFIG');
      kc.mergeConfig(more, true);
      if (!kc.currentContext && more.currentContext) kc.setCurrentContext(more.currentContext);
    }
    return kc;
  }
  const home = join(process.env.HOME || homedir(), '.kube', 'config');
  if (existsSync(home)) {
    loadFile(kc, home, home);
    return kc;
  }
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kc.loadFromCluster();
    return kc;
  }
  throw new UnreachableError('no kubeconfig found ($KUBECONFIG, ~/.kube/config) and not running in a cluster; pass --kubeconfig FILE or use --snapshot PATH');
}

function loadFile(kc: KubeConfig, file: string, origin: string): void {
  const label = origin === file ? file : `${origin} ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${label}: not readable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // client-node takes an empty file for an undefined config and fails on it with a TypeError.
  if (/^\s*$/.test(text.replace(/^\s*#.*$/gm, ''))) throw new UsageError(`${label}: empty kubeconfig (no clusters, users or contexts); name the kubeconfig kubectl uses`);
  try {
    kc.loadFromFile(file);
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    const detail = e instanceof TypeError ? 'expected a mapping with clusters, users and contexts' : message;
    throw new UsageError(`${label}: not a readable kubeconfig (${detail})`);
  }
}

/** The kubeconfig switched to `context` (or its current one), with the cluster it points at. */
export function resolveContext(kubeconfig: string | undefined, context: string | undefined): ResolvedConfig {
  const kc = loadKubeConfig(kubeconfig);
  if (context) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new UsageError(`--context ${context}: no such context in the kubeconfig (${known.length ? 'known: ' + known.join(', ') : 'it has none'})`);
    }
    kc.setCurrentContext(context);
  }
  const name = kc.getCurrentContext() || 'in-cluster';
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new UnreachableError(`context ${name}: the kubeconfig names no cluster server for it`);
  return { kc, context: name, server: cluster.server.replace(/\/+$/, '') };
}

export function contextNames(kubeconfig?: string): string[] {
  return loadKubeConfig(kubeconfig).getContexts().map((c) => c.name);
}
