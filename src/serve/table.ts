// Server-side Table (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): what `kubectl get` prints without -o.
import type { KubeObject } from '../snapshot/objects.js';
import { col, type Printer } from './columns.js';
import { since } from './humanize.js';
import { evalJsonPath } from './jsonpath.js';
import type { PrinterColumn, ServedKind } from './kinds.js';
import { builtinPrinter, DEFAULT_PRINTER } from './printers.js';

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** True when the Accept header asks for a Table (kubectl lists it first, JSON after). */
export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '') && /g=meta\.k8s\.io/.test(accept ?? '');
}

export function tableOf(kind: ServedKind, version: string, objects: KubeObject[], now: Date, includeObject: string | null, meta: ListMeta): object {
  const printer = printerFor(kind, version);
  const tableVersion = 'v1';
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${tableVersion}`,
    metadata: meta,
    columnDefinitions: printer.columns,
    rows: objects.map((o) => ({ cells: printer.cells(o, now), object: rowObject(o, includeObject) })),
  };
}

function rowObject(o: KubeObject, includeObject: string | null): object | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

function printerFor(kind: ServedKind, version: string): Printer {
  if (kind.builtin) return builtinPrinter(kind.group, kind.kind) ?? DEFAULT_PRINTER;
  const columns = kind.printerColumns?.[version];
  if (!columns || columns.length === 0) return DEFAULT_PRINTER;
  return crdPrinter(columns);
}

/** A CRD's additionalPrinterColumns after the Name column; `date` columns print as ages. */
function crdPrinter(columns: PrinterColumn[]): Printer {
  return {
    columns: [col('Name', 'string', 0, 'name'), ...columns.map((c) => ({ ...col(c.name, c.type, c.priority ?? 0, c.format), description: c.description ?? c.name }))],
    cells: (o, now) => [o.metadata.name, ...columns.map((c) => cell(o, c, now))],
  };
}

function cell(o: KubeObject, c: PrinterColumn, now: Date): unknown {
  const values = evalJsonPath(o, c.jsonPath).filter((v) => v !== undefined && v !== null);
  if (values.length === 0) return null;
  if (c.type === 'date') return since(values[0], now);
  if (values.length === 1) {
    const v = values[0];
    if (c.type === 'integer' || c.type === 'number') return typeof v === 'number' ? v : Number(v);
    if (c.type === 'boolean') return typeof v === 'boolean' ? v : String(v) === 'true';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
}
