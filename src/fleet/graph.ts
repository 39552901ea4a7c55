// Azure Resource Graph, as the fleet reads it: one Kusto query over many subscriptions, 1,000 rows a page, the next
// page asked for with the $skipToken of the previous one. A page that stays throttled or fails ends that query with
// a gap (the rows it would have held are unknown), never the whole run.
import { ArmError, type ArmReader } from '../sources/azure-arm-client.js';

export const RESOURCE_GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';
export const RESOURCE_GRAPH_API_VERSION = '2022-10-01';
/** Resource Graph's largest page. */
export const PAGE_SIZE = 1000;
/** Resource Graph takes at most 1,000 subscriptions per request. */
const SUBSCRIPTIONS_PER_REQUEST = 1000;
const MAX_PAGES = 2000;

export interface GraphRow {
  id?: string;
  name?: string;
  type?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  properties?: unknown;
  [key: string]: unknown;
}

export interface GraphResult {
  rows: GraphRow[];
  rowCount: number;
  /** Subscriptions Resource Graph refused (403) when asked about them alone, with its message. */
  forbidden: Map<string, string>;
  /** Subscriptions whose rows may be incomplete (a page failed), with why. */
  incomplete: Map<string, string>;
  pages: number;
}

export interface GraphQueryOptions {
  /** Called after each page: the table, the page number, the rows read so far. */
  onPage?: (page: number, rowsSoFar: number) => void;
  /** Takes each page's rows as it arrives (then `rows` stays empty): a large fleet is not held twice. */
  onRows?: (rows: GraphRow[]) => void;
  pageSize?: number;
}

interface GraphPage {
  data?: unknown;
  $skipToken?: string;
  count?: number;
  totalRecords?: number;
}

export async function queryGraph(arm: ArmReader, query: string, subscriptions: string[], opts: GraphQueryOptions = {}): Promise<GraphResult> {
  const result: GraphResult = { rows: [], rowCount: 0, forbidden: new Map(), incomplete: new Map(), pages: 0 };
  for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_REQUEST) {
    await queryChunk(arm, query, subscriptions.slice(i, i + SUBSCRIPTIONS_PER_REQUEST), result, opts);
  }
  return result;
}

async function queryChunk(arm: ArmReader, query: string, subscriptions: string[], result: GraphResult, opts: GraphQueryOptions): Promise<void> {
  let skipToken: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const options: Record<string, unknown> = { $top: opts.pageSize ?? PAGE_SIZE, resultFormat: 'objectArray' };
    if (skipToken) options.$skipToken = skipToken;
    let body: GraphPage;
    try {
      body = ((await arm.post(RESOURCE_GRAPH_PATH, RESOURCE_GRAPH_API_VERSION, { subscriptions, query, options })) ?? {}) as GraphPage;
    } catch (e) {
      // A refusal of a first page over several subscriptions: ask each alone, so one unreadable subscription
      // does not hide the others.
      if (page === 1 && subscriptions.length > 1 && e instanceof ArmError && (e.status === 403 || e.status === 400)) {
        for (const s of subscriptions) await queryChunk(arm, query, [s], result, opts);
        return;
      }
      const why = e instanceof Error ? e.message : String(e);
      for (const s of subscriptions) {
        if (page === 1 && e instanceof ArmError && e.status === 403) result.forbidden.set(s, why);
        else result.incomplete.set(s, `Resource Graph page ${page} not read: ${why}`);
      }
      return;
    }
    result.pages++;
    const rows = Array.isArray(body.data) ? (body.data.filter((row) => row && typeof row === 'object') as GraphRow[]) : [];
    result.rowCount += rows.length;
    if (opts.onRows) opts.onRows(rows);
    else result.rows.push(...rows);
    opts.onPage?.(result.pages, result.rowCount);
    skipToken = typeof body.$skipToken === 'string' && body.$skipToken ? body.$skipToken : undefined;
    if (!skipToken) return;
  }
  for (const s of subscriptions) result.incomplete.set(s, `more than ${MAX_PAGES} pages; the rest was not read`);
}

/** A Kusto string literal: single quotes, backslash and quote escaped. */
export function kustoString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
