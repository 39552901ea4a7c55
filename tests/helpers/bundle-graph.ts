// What each run of the bundled CLI loads (issue #13, start-up time): the esbuild metafile scripts/build.mjs writes
// says which source modules each chunk of dist/ holds; record-loads.mjs says which chunks a run loaded.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, type CliRun } from './cli.js';

interface Metafile {
  outputs: Record<string, { entryPoint?: string; imports: Array<{ path: string; kind: string }>; inputs: Record<string, { bytesInOutput: number }> }>;
}

export const METAFILE = resolve('reports/build/metafile.json');

export function readMetafile(): Metafile {
  return JSON.parse(readFileSync(METAFILE, 'utf8')) as Metafile;
}

/** The source modules in these chunks (paths relative to the project, as dist/chunks/x.mjs). */
export function modulesOf(meta: Metafile, chunks: Iterable<string>): string[] {
  return [...new Set([...chunks].flatMap((c) => Object.keys(meta.outputs[c]?.inputs ?? {})))].sort();
}

/** The chunk of a source module that is imported dynamically (or of the entry point), and every chunk it imports statically. */
export function staticChunks(meta: Metafile, entry: string): Set<string> {
  const start = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === entry)?.[0];
  if (!start) throw new Error(`${entry}: no chunk has it as its entry point (is it imported dynamically?)`);
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const c = queue.pop()!;
    if (seen.has(c)) continue;
    seen.add(c);
    for (const i of meta.outputs[c].imports) if (i.kind === 'import-statement' && meta.outputs[i.path]) queue.push(i.path);
  }
  return seen;
}

/** Runs the built CLI and returns, with its outcome, the dist/ chunks it loaded. */
export function arcdoctorLoads(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<CliRun & { chunks: string[] }> {
  const out = join(mkdtempSync(join(tmpdir(), 'arcdoctor-loads-')), 'loads.txt');
  const hook = resolve('tests/helpers/record-loads.mjs');
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', hook, BIN, ...args], {
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...opts.env, ARCDOCTOR_RECORD_LOADS: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => {
      let urls: string[] = [];
      try {
        urls = readFileSync(out, 'utf8').split('\n').filter(Boolean);
      } catch {
        // nothing was loaded from a file
      }
      const chunks = [...new Set(urls.map((u) => relative(process.cwd(), fileURLToPath(u))).filter((p) => p.startsWith('dist/')))].sort();
      done({ code: code ?? -1, stdout, stderr, chunks });
    });
  });
}
