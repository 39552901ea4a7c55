// --in-cluster: the pod's service account, as client-node's loadFromCluster reads it (token file re-read as the
// kubelet rotates it, the cluster CA, KUBERNETES_SERVICE_HOST/PORT). Explicit, so a stray ~/.kube/config never wins.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { UsageError } from '../errors.js';
import type { ResolvedConfig } from '../sources/live/kubeconfig.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** `pathPrefix` is loadFromCluster's own (a root the service-account folder lives under), for tests. */
export function inClusterConfig(pathPrefix = ''): ResolvedConfig {
  if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
    throw new UsageError('--in-cluster: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set (not running in a pod); use --kubeconfig FILE outside a cluster');
  }
  const token = `${pathPrefix}${SERVICE_ACCOUNT_DIR}/token`;
  if (!existsSync(token)) throw new UsageError(`--in-cluster: no service account token at ${token} (is automountServiceAccountToken false?)`);
  const kc = new KubeConfig();
  kc.loadFromCluster(pathPrefix);
  return { kc, context: 'in-cluster', server: kc.getCurrentCluster()!.server };
}
