// One JSON line per request (method, path, query, status, bytes, ms) so tests and benchmarks can count
// what a client asked for.
import { appendFileSync, writeFileSync } from 'node:fs';

export interface RequestRecord {
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  bytes: number;
  ms: number;
  userAgent?: string;
}

export class RequestLog {
  readonly records: RequestRecord[] = [];

  constructor(private readonly file?: string) {
    if (file) writeFileSync(file, '');
  }

  add(r: RequestRecord): void {
    this.records.push(r);
    if (this.file) appendFileSync(this.file, JSON.stringify(r) + '\n');
  }
}
