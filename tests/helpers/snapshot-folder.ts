// Snapshot folders written for one test, and what loading one gives: the loader tests' shared helpers.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { loadSnapshot, type LoadOptions } from '../../src/sources/snapshot-files.js';

/** A fresh temporary folder holding `files` (relative path → content), sub-folders made as needed. */
export function snapshotFolder(files: Record<string, string | Buffer>, prefix = 'arcdoctor-snap-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** What loading gives: its objects (as JSON), warnings and info, or its one error line (always a UsageError). */
export function loadOutcome(path: string, options: LoadOptions = {}): unknown {
  try {
    const snap = loadSnapshot(path, options);
    return { objects: JSON.parse(JSON.stringify(snap.objects())), warnings: snap.warnings, info: snap.info };
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return { error: (e as Error).message };
  }
}
