// The manual baseline: the guide's command sequence (OSM, Flux, AMA sections) run one after another with kubectl,
// as a person would — including the per-namespace look at every mesh namespace the guide asks for.
const SMI_CRDS = ['httproutegroups.specs.smi-spec.io', 'tcproutes.specs.smi-spec.io', 'trafficsplits.split.smi-spec.io', 'traffictargets.access.smi-spec.io'];

// The guide's `az` steps (`az provider show`, `az k8s-extension show`) are left out: there is no Azure here, and each
// takes seconds with the real az CLI, so the manual time measured is a lower bound.
export function manualCommands(meshNamespaces: string[]): string[][] {
  const osm = 'arc-osm-system';
  const fixed = [
    ['get', 'deployment', '-n', osm, '--selector', 'app=osm-controller'],
    ['get', 'pods', '-n', osm, '--selector', 'app=osm-controller'],
    ['logs', '-n', osm, '-l', 'app=osm-controller', '--tail', '100'],
    ['get', 'service', '-n', osm, 'osm-controller'],
    ['get', 'endpoints', '-n', osm, 'osm-controller'],
    ['get', 'deployments', '-n', osm, 'osm-injector'],
    ['get', 'pod', '-n', osm, '--selector', 'app=osm-injector'],
    ['get', 'service', '-n', osm, 'osm-injector'],
    ['get', 'endpoints', '-n', osm, 'osm-injector'],
    ['get', 'ValidatingWebhookConfiguration', '--selector', 'app=osm-controller'],
    ['get', 'ValidatingWebhookConfiguration', 'osm-validator-mesh-osm', '-o', 'json'],
    ['get', 'MutatingWebhookConfiguration', '--selector', 'app=osm-injector'],
    ['get', 'MutatingWebhookConfiguration', 'arc-osm-webhook-osm', '-o', 'json'],
    // The caBundle size step reads both webhook configurations again (`… -o json | jq -r '…caBundle' | wc -c`).
    ['get', 'ValidatingWebhookConfiguration', 'osm-validator-mesh-osm', '-o', 'json'],
    ['get', 'MutatingWebhookConfiguration', 'arc-osm-webhook-osm', '-o', 'json'],
    ['get', 'meshconfig', 'osm-mesh-config', '-n', osm],
    ['get', 'meshconfig', 'osm-mesh-config', '-n', osm, '-o', 'yaml'],
    ['get', 'crds'],
    // "Verificar os CRDs do SMI": the guide's loop over `kubectl get crds --no-headers | grep smi-spec.io`.
    ['get', 'crds', '--no-headers'],
    ...SMI_CRDS.map((crd) => ['get', 'crd', crd, '-o', 'json']),
    ['get', 'namespaces'],
    ['get', 'pods', '-n', 'flux-system'],
    ['get', 'kustomizations', '-A'],
    ['get', 'gitrepositories', '-A'],
    ['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '-o', 'yaml'],
    ['get', 'pods', '-n', 'kube-system', '-o', 'wide'],
    ['get', 'daemonsets,deployments', '-n', 'kube-system'],
    ['get', 'nodes', '-o', 'wide'],
    // The Oracle Linux section: the addon-token-adapter container of the ama-logs-rs pod.
    ['logs', '-n', 'kube-system', '-l', 'rsName=ama-logs-rs', '-c', 'addon-token-adapter'],
  ];
  // "Verificar namespaces" and "apenas novos pods são injetados": each mesh namespace's annotations, labels and pods.
  const perNamespace = meshNamespaces.flatMap((ns) => [
    ['get', 'namespace', ns, '-o', 'json'],
    ['get', 'pods', '-n', ns, '-o', 'json'],
  ]);
  return [...fixed, ...perNamespace];
}
