// The resource types the catalog reads. Checks name their inputs with these (istio's "declared inputs"),
// the live source turns them into list requests, and `serve` uses them for discovery of built-in kinds.

export interface ResourceType {
  group: string; // '' for the core group
  version: string; // the version the live source requests
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Versions the type may appear with in snapshots (the first is preferred). */
  versions?: string[];
}

function type(group: string, version: string, kind: string, plural: string, namespaced: boolean, shortNames?: string[], versions?: string[]): ResourceType {
  return { group, version, kind, plural, namespaced, shortNames, versions: versions ?? [version] };
}
export { type as resourceType };

export const R = {
  Namespace: type('', 'v1', 'Namespace', 'namespaces', false, ['ns']),
  Node: type('', 'v1', 'Node', 'nodes', false, ['no']),
  Pod: type('', 'v1', 'Pod', 'pods', true, ['po']),
  Service: type('', 'v1', 'Service', 'services', true, ['svc']),
  Endpoints: type('', 'v1', 'Endpoints', 'endpoints', true, ['ep']),
  EndpointSlice: type('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true, undefined, ['v1', 'v1beta1']),
  Event: type('', 'v1', 'Event', 'events', true, ['ev']),
  ConfigMap: type('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  Secret: type('', 'v1', 'Secret', 'secrets', true),
  ServiceAccount: type('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  Deployment: type('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']),
  DaemonSet: type('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']),
  ReplicaSet: type('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']),
  StatefulSet: type('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']),
  ValidatingWebhookConfiguration: type('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false, undefined, ['v1', 'v1beta1']),
  MutatingWebhookConfiguration: type('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false, undefined, ['v1', 'v1beta1']),
  CustomResourceDefinition: type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds'], ['v1', 'v1beta1']),
  MeshConfig: type('config.openservicemesh.io', 'v1alpha2', 'MeshConfig', 'meshconfigs', true, ['meshconfig'], ['v1alpha2', 'v1alpha1', 'v1alpha3']),
  Kustomization: type('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', true, ['ks'], ['v1', 'v1beta2', 'v1beta1']),
  GitRepository: type('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories', true, ['gitrepo'], ['v1', 'v1beta2', 'v1beta1']),
  HelmRepository: type('source.toolkit.fluxcd.io', 'v1', 'HelmRepository', 'helmrepositories', true, ['helmrepo'], ['v1', 'v1beta2', 'v1beta1']),
  OCIRepository: type('source.toolkit.fluxcd.io', 'v1', 'OCIRepository', 'ocirepositories', true, ['ocirepo'], ['v1', 'v1beta2']),
  Bucket: type('source.toolkit.fluxcd.io', 'v1', 'Bucket', 'buckets', true, undefined, ['v1', 'v1beta2', 'v1beta1']),
  HelmChart: type('source.toolkit.fluxcd.io', 'v1', 'HelmChart', 'helmcharts', true, ['hc'], ['v1', 'v1beta2']),
  HelmRelease: type('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', true, ['hr'], ['v2', 'v2beta2', 'v2beta1']),
  /** The microsoft.flux extension's own object mirroring an Azure fluxConfiguration. */
  FluxConfig: type('clusterconfig.azure.com', 'v1beta1', 'FluxConfig', 'fluxconfigs', true, undefined, ['v1beta1', 'v1alpha1']),
  /** The Arc agents' in-cluster copy of each extension (azure-arc namespace). */
  ExtensionConfig: type('clusterconfig.azure.com', 'v1beta1', 'ExtensionConfig', 'extensionconfigs', true, undefined, ['v1beta1', 'v1alpha1']),
  /** Flux v1's HelmRelease (helm-operator). */
  FluxV1HelmRelease: type('helm.fluxcd.io', 'v1', 'HelmRelease', 'helmreleases', true, ['hr'], ['v1']),
  ConstraintTemplate: type('templates.gatekeeper.sh', 'v1', 'ConstraintTemplate', 'constrainttemplates', false, undefined, ['v1', 'v1beta1', 'v1alpha1']),
  KyvernoClusterPolicy: type('kyverno.io', 'v1', 'ClusterPolicy', 'clusterpolicies', false, ['cpol'], ['v1', 'v2beta1']),
  KyvernoPolicy: type('kyverno.io', 'v1', 'Policy', 'policies', true, ['pol'], ['v1', 'v2beta1']),
  PolicyReport: type('wgpolicyk8s.io', 'v1alpha2', 'PolicyReport', 'policyreports', true, ['polr']),
  ClusterPolicyReport: type('wgpolicyk8s.io', 'v1alpha2', 'ClusterPolicyReport', 'clusterpolicyreports', false, ['cpolr']),
} as const satisfies Record<string, ResourceType>;

/** Gatekeeper constraints have one kind per ConstraintTemplate; all live in this group and are cluster-scoped. */
export const GATEKEEPER_CONSTRAINTS_GROUP = 'constraints.gatekeeper.sh';

export function typeKey(t: { group: string; kind: string }): string {
  return `${t.group}/${t.kind}`;
}

const byKey = new Map<string, ResourceType>(Object.values(R).map((t) => [typeKey(t), t]));

/** The registered type for a group and kind, if arcdoctor knows it. */
export function knownType(group: string, kind: string): ResourceType | undefined {
  return byKey.get(typeKey({ group, kind }));
}

export function allKnownTypes(): ResourceType[] {
  return [...byKey.values()];
}
