// Bundles the CLI into one ESM file so `arcdoctor` starts without resolving hundreds of modules.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const result = await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  entryNames: 'arcdoctor',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Each command's action, the live source (client-node), the snapshot reader, each formatter and the Azure SDK
  // are imported lazily: a chunk loads only when a run needs it, so start-up reads only what the command uses.
  splitting: true,
  // Which source module landed in which chunk: tests/cli/lazy-loading.test.ts reads it (reports/ is git-ignored).
  metafile: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { ARCDOCTOR_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies call require(); ESM output needs one in scope.
  banner: { js: "import { createRequire as __arcdoctorCreateRequire } from 'node:module'; const require = __arcdoctorCreateRequire(import.meta.url);" },
});

mkdirSync(new URL('../reports/build', import.meta.url), { recursive: true });
writeFileSync(new URL('../reports/build/metafile.json', import.meta.url), JSON.stringify(result.metafile));
