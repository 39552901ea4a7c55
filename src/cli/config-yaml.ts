// The YAML parser of .arcdoctor.yaml, alone so that selection.ts loads it only when a configuration file is read.
// (A bundled `import('yaml')` would give only a default export: yaml is CommonJS, and esbuild's chunks of CommonJS
// modules export just module.exports; a static import, as here, keeps the named ones.)
export { parse as parseYaml } from 'yaml';
