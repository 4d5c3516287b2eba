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
const sections = [];
for (const file of files) {
  const section = await import(pathToFileURL(join(here, 'sections', file)).href);
  if (filters.length === 0 || filters.some((f) => section.name.includes(f))) sections.push(section);
}
if (sections.length === 0) {
  const names = await Promise.all(files.map(async (f) => (await import(pathToFileURL(join(here, 'sections', f)).href)).name));
  console.error(`no bench section matches ${filters.join(', ')}; sections: ${names.join(', ')}`);
  process.exit(2);
}
for (const section of sections) {
  const started = performance.now();
  console.log(`\n## ${section.name}: ${section.description}\n`);
  await section.run(options);
  console.log(`\n(${section.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
