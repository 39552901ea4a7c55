// The kubeconfig `serve` prints: plain HTTP on the loopback address; `insecure-skip-tls-verify: true`
// because client-node insists on it for an http server, and kubectl accepts it.

export function kubeconfigFor(url: string, contextName: string, user: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${contextName}`,
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${user}`,
    '  user:',
    '    token: arcdoctor-serve',
    'contexts:',
    `- name: ${contextName}`,
    '  context:',
    `    cluster: ${contextName}`,
    `    user: ${user}`,
    `current-context: ${contextName}`,
    '',
  ].join('\n');
}
