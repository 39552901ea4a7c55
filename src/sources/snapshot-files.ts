// The offline source: a snapshot folder or .tar.gz, in the format CONTRACT.md describes. Each file is parsed as
// soon as it is read (its text dropped once parsed), within the limits of limits.ts.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import type { Parser, ReadEntry } from 'tar';
import { UsageError } from '../errors.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { DEFAULT_LIMITS, SizeBudget, type InputLimits } from './limits.js';
import { parseKubernetesFile } from './parse-documents.js';
import { archiveRoot } from './archive-root.js';
import { buildSnapshot, type SnapshotFile } from './snapshot-build.js';
import { STREAM_ABOVE, StreamingFileParser } from './stream-file.js';
import { decodeLog, decodeText } from './text-decoding.js';

export interface LoadOptions {
  limits?: InputLimits;
  /** Forget the fields no check reads as objects are parsed (default); serve passes false to serve them whole. */
  trim?: boolean;
  /** Files bigger than this (bytes) are parsed as they are read, never held whole (tests lower it). */
  streamAbove?: number;
}

export function loadSnapshot(path: string, options: LoadOptions = {}): Snapshot {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`--snapshot ${path}: no such file or folder`);
  }
  const reader = new FileReader(path, options);
  const files = stat.isDirectory() ? readFolder(path, reader) : readArchive(path, reader);
  return buildSnapshot(path, files, reader.parseOptions);
}

/** Parses what can be parsed at once (Kubernetes files); keeps the text of what depends on the bundle's root. */
class FileReader {
  readonly budget: SizeBudget;
  readonly parseOptions: { limits: InputLimits; trim: boolean };
  private readonly streamAbove: number;
  constructor(
    readonly source: string,
    options: LoadOptions,
  ) {
    const limits = options.limits ?? DEFAULT_LIMITS;
    this.budget = new SizeBudget(source, limits);
    this.parseOptions = { limits, trim: options.trim ?? true };
    this.streamAbove = options.streamAbove ?? STREAM_ABOVE;
  }

  /** A parser to feed the file's bytes to as they are read, when the file is a big Kubernetes file. */
  streamer(path: string, size: number, rootKnown: boolean): StreamingFileParser | undefined {
    if (size <= this.streamAbove || !/\.(ya?ml|json)$/i.test(path) || mayBeSpecial(path, rootKnown)) return undefined;
    return new StreamingFileParser(`${this.source}/${path}`, this.parseOptions);
  }

  /** `rootKnown`: a folder's paths are final; an archive's may still lose a leading prefix. */
  /** `load` hands the bytes over: nothing else holds them, so they are freed while the text is parsed. */
  read(path: string, load: () => Buffer, rootKnown: boolean): SnapshotFile {
    const where = `${this.source}/${path}`;
    if (/\.log$/i.test(path)) return { path, text: decodeLog(load()) };
    const text = decodeText(where, load());
    if (mayBeSpecial(path, rootKnown)) return { path, text };
    return { path, parsed: parseKubernetesFile(where, text, this.parseOptions) };
  }
}

/** snapshot.yaml and azure/ files are read by what they are, once the bundle's root is known. */
function mayBeSpecial(path: string, rootKnown: boolean): boolean {
  const name = path.split('/').pop();
  return name === 'snapshot.yaml' || (rootKnown ? path.startsWith('azure/') : path.split('/').includes('azure'));
}

function readFolder(root: string, reader: FileReader): SnapshotFile[] {
  const out: SnapshotFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isSnapshotFile(entry.name, rel)) {
        const size = statSync(full).size;
        reader.budget.admit(`${root}/${rel}`, size);
        const parser = reader.streamer(rel, size, true);
        const parsed = parser && readInChunks(full, parser);
        out.push(parsed ? { path: rel, parsed } : reader.read(rel, () => readFileSync(full), true));
      }
    }
  };
  walk(root);
  return out;
}

const READ_CHUNK = 64 * 1024;
const FILE_CHUNK = 1024 * 1024;

/** A file's bytes handed to the parser 1 MiB at a time (twice if it asks: `retry`); undefined when it must be read whole. */
function readInChunks(file: string, parser: StreamingFileParser): ReturnType<StreamingFileParser['end']> {
  const parsed = feedInChunks(file, parser);
  return parsed || !parser.retry ? parsed : feedInChunks(file, parser.again());
}

function feedInChunks(file: string, parser: StreamingFileParser): ReturnType<StreamingFileParser['end']> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(FILE_CHUNK);
    for (let n = readSync(fd, buf, 0, FILE_CHUNK, null); n > 0; n = readSync(fd, buf, 0, FILE_CHUNK, null)) {
      parser.write(buf.subarray(0, n));
      if (parser.stopped) return undefined;
    }
  } finally {
    closeSync(fd);
  }
  return parser.end();
}

let tarParserClass: typeof Parser | undefined;

/** tar loads with the first archive: a folder snapshot is read without it (start-up time, issue #13). */
function tarParser(): typeof Parser {
  return (tarParserClass ??= (createRequire(import.meta.url)('tar') as typeof import('tar')).Parser);
}

function readArchive(file: string, reader: FileReader): SnapshotFile[] {
  if (!/\.(tar\.gz|tgz|tar)$/i.test(file)) {
    throw new UsageError(`--snapshot ${file}: not a folder or a .tar.gz/.tgz archive`);
  }
  const out: SnapshotFile[] = [];
  let refused: Error | undefined; // our own verdict on an entry: a limit or a parse error, reported as is
  let failure: Error | undefined; // tar's: the archive itself is unreadable
  const ordinals = new Map<string, number>(); // the how-manieth entry of that path (a tar may repeat one)
  const parser = new (tarParser())({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const name = entry.path.replace(/^(\.\/)+/, '');
      if (entry.type !== 'File' || refused) return entry.resume();
      try {
        reader.budget.admit(`${file}: ${name}`, entry.size ?? 0);
      } catch (e) {
        refused = e as Error;
        return entry.resume();
      }
      if (!isSnapshotFile(name.split('/').pop() ?? '', name)) return entry.resume();
      const parser = reader.streamer(name, entry.size ?? 0, false);
      const ordinal = ordinals.get(entry.path) ?? 0;
      ordinals.set(entry.path, ordinal + 1);
      if (parser) {
        entry.on('data', (c: Buffer) => {
          if (refused) return;
          try {
            parser.write(c);
          } catch (e) {
            refused = e as Error;
          }
        });
        entry.on('end', () => {
          if (refused) return;
          try {
            const parsed = parser.end();
            if (parsed) out.push({ path: name, parsed });
            else if (parser.retry) out.push(reparse(reader, name, parser.again(), extractEntry(file, entry.path, ordinal)));
            else out.push(reader.read(name, () => extractEntry(file, entry.path, ordinal), false));
          } catch (e) {
            refused = e as Error;
          }
        });
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        if (refused) return;
        try {
          out.push(reader.read(name, () => Buffer.concat(chunks.splice(0)), false));
        } catch (e) {
          refused = e as Error;
        }
      });
    },
  });
  parser.on('error', (e: Error) => (failure ??= e));
  parser.on('warn', (_code: string, message: string | Error) => (failure ??= message instanceof Error ? message : new Error(message)));
  feed(file, parser, () => Boolean(refused || failure));
  if (refused) throw refused;
  if (failure) throw new UsageError(`--snapshot ${file}: unreadable archive (${failure.message.split('\n')[0]})`);
  if (out.length === 0 && !(parser as unknown as { sawValidEntry?: boolean }).sawValidEntry) {
    throw new UsageError(`--snapshot ${file}: unreadable archive (truncated or not a tar.gz)`);
  }
  const root = archiveRoot(out.map((f) => f.path));
  if (root) for (const f of out) f.path = f.path.slice(root.length);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** An entry the byte cut gave up on, scanned again from its bytes, or read whole if the scan cannot vouch for it. */
function reparse(reader: FileReader, name: string, parser: StreamingFileParser, bytes: Buffer): SnapshotFile {
  for (let i = 0; i < bytes.length && !parser.stopped; i += FILE_CHUNK) parser.write(bytes.subarray(i, i + FILE_CHUNK));
  const parsed = parser.end();
  return parsed ? { path: name, parsed } : reader.read(name, () => bytes, false);
}

/** One entry's bytes, decompressed again: a streamed entry the stream could not vouch for is read whole. */
function extractEntry(file: string, path: string, ordinal: number): Buffer {
  const chunks: Buffer[] = [];
  let seen = 0;
  const parser = new (tarParser())({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      if (entry.path !== path || seen++ !== ordinal) return entry.resume();
      entry.on('data', (c: Buffer) => chunks.push(c));
    },
  });
  feed(file, parser, () => false);
  return Buffer.concat(chunks);
}

/** The archive's bytes a chunk at a time, so a limit stops the work where it is met. */
function feed(file: string, parser: Parser, stop: () => boolean): void {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(READ_CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, READ_CHUNK, null);
      if (n === 0) break;
      parser.write(Buffer.from(buf.subarray(0, n)));
      if (stop()) return;
    }
    parser.end();
  } catch (e) {
    if (!stop()) throw new UsageError(`--snapshot ${file}: unreadable archive (${(e as Error).message.split('\n')[0]})`);
  } finally {
    closeSync(fd);
  }
}

function isSnapshotFile(name: string, rel: string): boolean {
  if (name.startsWith('.')) return false;
  return /\.(ya?ml|json|log)$/i.test(name) || rel === 'snapshot.yaml';
}
