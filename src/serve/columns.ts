// The shape of a server-side Table column and of a kind's row printer.
import type { KubeObject } from '../snapshot/objects.js';

export interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: Column[];
  cells(obj: KubeObject, now: Date): unknown[];
}

export function col(name: string, type = 'string', priority = 0, format?: string): Column {
  return { name, type, ...(format ? { format } : {}), description: name, priority };
}
