// Input limits of the offline loader: what a hostile or broken snapshot may cost before it is refused with one
// line naming the file (exit 2), instead of exhausting memory. Checked before a file's bytes are buffered.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export interface InputLimits {
  /** Bytes of one file (uncompressed). V8 cannot hold a string much above 512 MiB anyway. */
  maxFileSize: number;
  /** Bytes of all files of a folder or archive (uncompressed), those skipped included. */
  maxSnapshotSize: number;
  /** Bytes of one YAML scalar: an object in etcd is at most 1.5 MiB, so a bigger scalar is not a dump. */
  maxScalarSize: number;
  /** Values a YAML document may expand to through aliases (they are copied: each object stands alone). */
  maxAliasExpansion: number;
}

const MiB = 1024 * 1024;

/** A 50k-pod bundle as kubectl prints it (managedFields included): its pod list is ≈ 430 MB in `-o json` (4-space indent), ≈ 250 MB in YAML; V8 strings stop at 512 MiB. */
export const DEFAULT_LIMITS: InputLimits = {
  maxFileSize: 500 * MiB,
  maxSnapshotSize: 1024 * MiB,
  maxScalarSize: 8 * MiB,
  maxAliasExpansion: 1_000_000,
};

export function addSnapshotLimitOptions(cmd: Command): Command {
  return cmd
    .option('--max-file-size <size>', `refuse a snapshot file bigger than this (e.g. 512M; default ${formatSize(DEFAULT_LIMITS.maxFileSize)})`)
    .option('--max-snapshot-size <size>', `refuse a snapshot folder or archive whose files add up to more (uncompressed; default ${formatSize(DEFAULT_LIMITS.maxSnapshotSize)})`);
}

export interface SnapshotLimitFlags {
  maxFileSize?: string;
  maxSnapshotSize?: string;
}

export function snapshotLimits(flags: SnapshotLimitFlags): InputLimits {
  return {
    ...DEFAULT_LIMITS,
    maxFileSize: flags.maxFileSize === undefined ? DEFAULT_LIMITS.maxFileSize : parseSize('--max-file-size', flags.maxFileSize),
    maxSnapshotSize: flags.maxSnapshotSize === undefined ? DEFAULT_LIMITS.maxSnapshotSize : parseSize('--max-snapshot-size', flags.maxSnapshotSize),
  };
}

/** `1000`, `64K`, `512M`, `2G` (powers of 1024; a trailing `B`/`iB` is allowed). */
export function parseSize(flag: string, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(i?b)?\s*$/i.exec(value);
  const n = m ? Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase()) : NaN;
  if (!m || !Number.isFinite(n) || n < 1) throw new UsageError(`${flag} ${value}: expected a size such as 512M or 2G`);
  return Math.floor(n);
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)}G`;
  if (bytes >= MiB) return `${Math.round(bytes / MiB)}M`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)}K`;
  return `${bytes}`;
}

export function fileTooBig(where: string, size: number, limits: InputLimits): UsageError {
  return new UsageError(`${where}: ${formatSize(size)} is more than the ${formatSize(limits.maxFileSize)} a snapshot file may hold (raise it with --max-file-size)`);
}

export function snapshotTooBig(source: string, limits: InputLimits): UsageError {
  return new UsageError(`--snapshot ${source}: its files add up to more than ${formatSize(limits.maxSnapshotSize)} uncompressed (raise it with --max-snapshot-size)`);
}

/** Counts the bytes of a folder or archive as they are met, and refuses a file or a total above the limits. */
export class SizeBudget {
  private total = 0;
  constructor(
    private readonly source: string,
    readonly limits: InputLimits,
  ) {}

  /** Called with a file's size before any of its bytes are read. */
  admit(where: string, size: number): void {
    if (size > this.limits.maxFileSize) throw fileTooBig(where, size, this.limits);
    this.total += size;
    if (this.total > this.limits.maxSnapshotSize) throw snapshotTooBig(this.source, this.limits);
  }
}
