// Bundles the CLI into ESM chunks (dist/arcdoctor.mjs and dist/chunks/) so `arcdoctor` starts without resolving
// hundreds of modules, and each command loads only the chunks its run needs.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

/**
 * The live source uses only KubeConfig from @kubernetes/client-node (its start-up is most of a live check's), whose
 * index imports every API, watch, exec and port-forward module:
 * - the package declares no "sideEffects", so esbuild keeps them all; its modules only declare classes and
 *   functions, so they are marked side-effect free here and those no import reaches are dropped (628 KB → 39 KB);
 * - node-fetch 2 (imported by client-node's config.js) loads whatwg-url (and tr46's 260 KB table) only to use it
 *   where Node has no URL (`Url.URL || whatwgUrl.URL`): Node's own URL stands in for it.
 */
const clientNodeWithoutUnusedModules = {
  name: 'client-node-without-unused-modules',
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, (args) => (args.importer.includes('/node_modules/node-fetch/') ? { path: 'whatwg-url', namespace: 'node-url' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({ contents: 'module.exports = { URL, URLSearchParams };', loader: 'js' }));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.resolving || !(args.path.startsWith('@kubernetes/client-node') || args.importer.includes('/node_modules/@kubernetes/client-node/'))) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      if (r.errors.length > 0 || !r.path.includes('/node_modules/@kubernetes/client-node/')) return undefined;
      return { path: r.path, namespace: r.namespace, sideEffects: false };
    });
  },
};

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
  plugins: [clientNodeWithoutUnusedModules],
  define: { ARCDOCTOR_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies call require(); ESM output needs one in scope.
  banner: { js: "import { createRequire as __arcdoctorCreateRequire } from 'node:module'; const require = __arcdoctorCreateRequire(import.meta.url);" },
});

mkdirSync(new URL('../reports/build', import.meta.url), { recursive: true });
writeFileSync(new URL('../reports/build/metafile.json', import.meta.url), JSON.stringify(result.metafile));
