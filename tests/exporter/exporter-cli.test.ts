// Bad exporter flags: one line on stderr naming the flag, exit 2, before anything listens.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { arcdoctor, arcdoctorAsync } from '../helpers/cli.js';
import { kubeconfigFile } from './exporter-helpers.js';

const KC = kubeconfigFile(`apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`);

describe('arcdoctor exporter flags', () => {
  it.each([
    [['--listen', '127.0.0.1:0', '--interval', '5'], 'arcdoctor: --interval 5: expected a duration such as 30s, 5m, 1h or 500ms\n'],
    [['--listen', 'nowhere', '--interval', '5m'], 'arcdoctor: --listen nowhere: expected HOST:PORT, e.g. 0.0.0.0:9090 or 127.0.0.1:0\n'],
    [['--listen', '127.0.0.1:0', '--interval', '5m', '--log-format', 'xml'], 'arcdoctor: --log-format xml: expected text or json\n'],
    [['--listen', '127.0.0.1:0', '--interval', '5m', '--in-cluster', '--kubeconfig', KC], 'arcdoctor: --in-cluster uses the service account: it cannot be combined with --kubeconfig/--context\n'],
    [['--listen', '127.0.0.1:0', '--interval', '5m', '--kubeconfig', '/nonexistent/kc'], 'arcdoctor: --kubeconfig /nonexistent/kc: no such file\n'],
    [['--listen', '127.0.0.1:0', '--interval', '5m', '--kubeconfig', KC, '--context', 'other'], 'arcdoctor: --context other: no such context in the kubeconfig (known: c)\n'],
    [['--listen', '127.0.0.1:0', '--interval', '5m', '--kubeconfig', KC, '--check', 'NOPE1'], 'arcdoctor: --check NOPE1: unknown check ID (see arcdoctor checks list)\n'],
  ])('%j exits 2 with one line', (args, stderr) => {
    expect(arcdoctor(['exporter', ...args])).toEqual({ code: 2, stdout: '', stderr });
  });

  it('a --listen port already taken exits 2 naming it', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = await arcdoctorAsync(['exporter', '--listen', `127.0.0.1:${port}`, '--interval', '5m', '--kubeconfig', KC]);
      expect(r).toEqual({ code: 2, stdout: '', stderr: `arcdoctor: --listen 127.0.0.1:${port}: cannot listen (EADDRINUSE)\n` });
    } finally {
      taken.close();
    }
  });
});
