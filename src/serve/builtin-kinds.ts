// Built-in Kubernetes kinds beyond the catalog's `R` registry, so that a snapshot holding them (and
// `kubectl get pvc`, `get cronjobs`…) resolves with the real plural, scope and short names.
import { resourceType as t, type ResourceType } from '../snapshot/resources.js';

export const EXTRA_BUILTIN_KINDS: ResourceType[] = [
  t('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv']),
  t('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']),
  t('', 'v1', 'ReplicationController', 'replicationcontrollers', true, ['rc']),
  t('', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota']),
  t('', 'v1', 'LimitRange', 'limitranges', true, ['limits']),
  t('', 'v1', 'PodTemplate', 'podtemplates', true),
  t('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  t('batch', 'v1', 'Job', 'jobs', true),
  t('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']),
  t('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa']),
  t('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']),
  t('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  t('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
  t('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  t('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  t('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  t('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  t('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  t('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  t('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, ['pc']),
  t('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']),
  t('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  t('apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false),
  t('certificates.k8s.io', 'v1', 'CertificateSigningRequest', 'certificatesigningrequests', false, ['csr']),
];

/** Groups served by the API server itself (strategic-merge-patch applies); everything else is a CRD. */
export function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** The API server's plural for a kind nobody registered (the same rules as `kubectl`'s UnsafeGuessKindToResource). */
export function guessPlural(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith('endpoints')) return k;
  if (/(s|x|z|ch|sh)$/.test(k)) return k + 'es';
  if (/[^aeiou]y$/.test(k)) return k.slice(0, -1) + 'ies';
  return k + 's';
}
