// `npm run bench [-- <filter>...] [--key value ...]`: runs every section in bench/sections/ whose
// name contains one of the filters (all sections without a filter). Options go to the sections.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = [];
const options = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg.startsWith('--')) {
    const [key, inline] = arg.slice(2).split('=', 2);
    options[key] = inline ?? (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
  } else filters.push(arg);
}

const files = readdirSync(join(here, 'sections')).filter((f) => f.endsWith('.mjs')).sort();
const all = await Promise.all(files.map((file) => import(pathToFileURL(join(here, 'sections', file)).href)));
// A filter that names a section exactly selects only it; otherwise it selects every section containing it.
const matches = (filter) => (all.some((s) => s.name === filter) ? all.filter((s) => s.name === filter) : all.filter((s) => s.name.includes(filter)));
const sections = filters.length === 0 ? all : all.filter((s) => filters.some((f) => matches(f).includes(s)));
if (sections.length === 0) {
  console.error(`no bench section matches ${filters.join(', ')}; sections: ${all.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
for (const section of sections) {
  const started = performance.now();
  console.log(`\n## ${section.name}: ${section.description}\n`);
  await section.run(options);
  console.log(`\n(${section.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
