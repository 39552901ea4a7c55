// One JSON line per request (method, path, query, status, bytes, ms) so tests and benchmarks can count what a
// client asked for. The file gets each line as it happens (nothing buffered); memory keeps only the latest
// records (`keep`), so a server that runs for days does not grow with every request.
import { closeSync, openSync, writeSync } from 'node:fs';

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

/** Records kept in memory by default (≈ 250 B each). */
export const KEPT_REQUESTS = 10_000;

export class RequestLog {
  readonly records: RequestRecord[] = [];
  private fd: number | undefined;

  constructor(
    file?: string,
    private readonly keep = KEPT_REQUESTS,
  ) {
    if (file) this.fd = openSync(file, 'w');
  }

  add(r: RequestRecord): void {
    if (this.keep > 0) {
      this.records.push(r);
      if (this.records.length > this.keep) this.records.shift();
    }
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, JSON.stringify(r) + '\n');
    } catch (e) {
      // A full disk ends the log, not the server.
      process.stderr.write(`arcdoctor: --log-requests: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the log stops here\n`);
      this.close();
    }
  }

  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }
}
