// Bundles the CLI into one ESM file so `arcdoctor` starts without resolving hundreds of modules.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  entryNames: 'arcdoctor',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // The Azure SDK is imported lazily (only when Azure is read live): its own chunk keeps start-up fast.
  splitting: true,
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
