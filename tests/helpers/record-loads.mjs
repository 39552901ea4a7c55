// `node --import ./tests/helpers/record-loads.mjs bin/arcdoctor ...` appends every file the ESM loader loads (one
// file: URL a line) to the file named by ARCDOCTOR_RECORD_LOADS: which of dist/'s chunks a run really loaded.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) {
  if (out && url.startsWith('file:')) appendFileSync(out, url + '\\n');
  return next(url, context);
}`),
  import.meta.url,
  { data: { out: process.env.ARCDOCTOR_RECORD_LOADS } },
);
