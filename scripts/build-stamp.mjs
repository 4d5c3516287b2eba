// What dist/ was built from: a hash of the build's inputs, written by `npm run build` when it ends
// (`write`) and compared by `npm install`'s prepare step (`check`, exit 0 when dist/ is current).
//
// Why: the first `npx hypertune` in a clone makes npm link this folder as a package, which runs
// prepare again: a whole rebuild, 20 s of CPU and 50 s on a busy two-core machine, without a word,
// right after `npm install` had built the same sources (the README's first two commands; a fresh
// clone, session 52). A stale or missing dist/ is still built.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'dist', '.build-stamp');
// the outputs bin/hypertune.js and the library need; one missing means dist/ is not whole
const outputs = ['dist/cli/bundle.cjs', 'dist/index.js', 'dist/report/html/client.js', 'dist/report/html/client.css'];
const inputs = ['src', 'scripts', 'tsconfig.json', 'tsconfig.client.json', 'package.json', 'package-lock.json'];

function filesUnder(path) {
  if (!existsSync(path)) return [];
  const entries = readdirSync(path, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function inputHash() {
  const hash = createHash('sha256');
  const files = inputs.flatMap((input) => {
    const path = join(root, input);
    return existsSync(path) && statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
  for (const file of files.map((f) => relative(root, f).split('\\').join('/')).sort()) {
    hash.update(`${file}\0`);
    hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : '(none)');
    hash.update('\0');
  }
  return hash.digest('hex');
}

const [mode] = process.argv.slice(2);
if (mode === 'write') {
  writeFileSync(stampFile, `${inputHash()}\n`);
} else if (mode === 'check') {
  const current = existsSync(stampFile) && outputs.every((file) => existsSync(join(root, file))) && readFileSync(stampFile, 'utf8').trim() === inputHash();
  if (current) console.log('hypertune: dist/ is already built from these sources');
  process.exit(current ? 0 : 1);
} else {
  console.error('usage: node scripts/build-stamp.mjs write|check');
  process.exit(2);
}
