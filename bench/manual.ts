// The manual baseline: the guide's command sequence (OSM, Flux, AMA sections) run one after another with kubectl,
// as a person would — including the per-namespace look at every mesh namespace the guide asks for.
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
    ['get', 'meshconfig', 'osm-mesh-config', '-n', osm, '-o', 'yaml'],
    ['get', 'crds'],
    ['get', 'namespaces'],
    ['get', 'pods', '-n', 'flux-system'],
    ['get', 'kustomizations', '-A'],
    ['get', 'gitrepositories', '-A'],
    ['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '-o', 'yaml'],
    ['get', 'pods', '-n', 'kube-system', '-o', 'wide'],
    ['get', 'daemonsets,deployments', '-n', 'kube-system'],
    ['get', 'nodes', '-o', 'wide'],
  ];
  // "Verificar namespaces" and "apenas novos pods são injetados": each mesh namespace's annotations, labels and pods.
  const perNamespace = meshNamespaces.flatMap((ns) => [
    ['get', 'namespace', ns, '-o', 'json'],
    ['get', 'pods', '-n', ns, '-o', 'json'],
  ]);
  return [...fixed, ...perNamespace];
}
