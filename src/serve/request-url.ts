// The request target as the router sees it, checked before anything reads it: a path that is not an absolute
// path (`//`, `//[`, `///`), an undecodable percent escape or an over-long URL answers a Status, never a crash.
import { badRequest, uriTooLong } from './status.js';

/** Longest request target served (kubectl's longest, a label selector of many names, stays far below). */
export const MAX_URL_BYTES = 32 * 1024;
/**
 * The request line and headers together, as Go's http.Server (and so the API server) bounds them; beyond it the
 * parser answers 431 before any handler runs. Node's default (16 KiB) would refuse URLs MAX_URL_BYTES allows.
 */
export const MAX_HEADER_BYTES = 1024 * 1024;

export interface RequestTarget {
  pathname: string;
  query: URLSearchParams;
}

/** Path and query as written in the request log, whether or not they parse (cut to a readable length). */
export function loggedTarget(raw: string): { path: string; query: string } {
  const q = raw.indexOf('?');
  const [path, query] = q < 0 ? [raw, ''] : [raw.slice(0, q), raw.slice(q + 1)];
  return { path: path.slice(0, 2048), query: query.slice(0, 2048) };
}

export function parseRequestTarget(raw: string): RequestTarget {
  if (Buffer.byteLength(raw) > MAX_URL_BYTES) throw uriTooLong(MAX_URL_BYTES);
  // The absolute form (`GET http://host/api`) names the same path.
  const target = /^https?:\/\/[^/?#]*/i.test(raw) ? raw.replace(/^https?:\/\/[^/?#]*/i, '') || '/' : raw;
  const q = target.indexOf('?');
  const [rawPath, rawQuery] = q < 0 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
  const shown = JSON.stringify(rawPath.slice(0, 200));
  if (!rawPath.startsWith('/') || rawPath.includes('//')) throw badRequest(`the request path ${shown} is not a valid absolute path`);
  let pathname: string;
  try {
    pathname = new URL('http://localhost' + rawPath).pathname;
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
  } catch {
    throw badRequest(`the request path ${shown} holds an invalid percent-encoding`);
  }
  return { pathname, query: new URLSearchParams(rawQuery) };
}
