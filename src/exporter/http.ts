// The exporter's HTTP side: /metrics, /report.json, /healthz, /readyz. GET and HEAD only; nothing here writes.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { formatJson } from '../report/json.js';
import { exporterMetrics, METRICS_CONTENT_TYPE } from './metrics.js';
import type { ExporterState } from './state.js';

export function createExporterServer(state: ExporterState, version: string): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed: the exporter only answers GET\n', head, { Allow: 'GET, HEAD' });
    switch (path) {
      case '/metrics':
        return send(res, 200, METRICS_CONTENT_TYPE, exporterMetrics(state, version), head);
      case '/report.json':
        if (!state.lastReport) return send(res, 503, 'text/plain; charset=utf-8', 'no run has reached the API server yet\n', head);
        return send(res, 200, 'application/json; charset=utf-8', formatJson(state.lastReport), head);
      case '/healthz':
        return send(res, 200, 'text/plain; charset=utf-8', 'ok\n', head);
      case '/readyz':
        // Ready once a run has ended, reached or not: a not-ready pod is not scraped, and `arcdoctor_up 0` must be.
        return state.ready ? send(res, 200, 'text/plain; charset=utf-8', 'ok\n', head) : send(res, 503, 'text/plain; charset=utf-8', 'the first run has not ended yet\n', head);
      default:
        return send(res, 404, 'text/plain; charset=utf-8', 'not found: try /metrics, /report.json, /healthz, /readyz\n', head);
    }
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string, head: boolean, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-cache', ...headers });
  res.end(head ? undefined : body);
}
