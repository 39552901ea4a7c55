// The offline floor: read every .json/.yaml/.yml file of a snapshot folder and parse it (JSON.parse, js-yaml loadAll),
// nothing else: no snapshot model, no checks. usage: node bench/offline-floor.mjs DIR → prints {"ms":…,"files":…}
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsyaml from 'js-yaml';

const [dir] = process.argv.slice(2);
const started = performance.now();
let files = 0;
let kept = 0;
for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
  if (!/\.(json|ya?ml)$/.test(rel)) continue;
  const text = readFileSync(join(dir, rel), 'utf8');
  const docs = rel.endsWith('.json') ? [JSON.parse(text)] : jsyaml.loadAll(text, null, { schema: jsyaml.CORE_SCHEMA });
  kept += docs.length;
  files++;
}
process.stdout.write(JSON.stringify({ ms: Math.round(performance.now() - started), files, docs: kept }) + '\n');
