// The build's esbuild step makes two bundles.
//
// 1. The HTML report's browser code (src/report/html/client/, type-checked against the DOM by
//    tsconfig.client.json) with uPlot and its style sheet, as one script and one style sheet in
//    dist/report/html/. The CLI reads them through package.json's "imports" (#report/client.js) and inlines
//    them, so the page stays one self-contained file. Minified: a report is mailed and archived.
//
// 2. The CLI as one bundled file (dist/cli/bundle.cjs, which bin/hypertune.js loads through
// src/cli/bundle-loader.ts with V8's code cache; CommonJS because Node 20 caches the code of a
// vm.Script only, its last line the content's hash, which keys the cache). Loading
// our ~80 modules and those of pg, commander and yaml file by file cost ~70 ms of CPU at every start
// (0.26 s -> 0.19 s for a one-trial worker); that adds up when several workers start at once on a
// small machine (`npm run bench -- workers`). The library entry (dist/index.js) stays unbundled.
// The bundle sits in dist/cli/ so that package lookups from import.meta.url (the report's client
// through "imports") resolve as they do from the unbundled modules.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// minifying drops uPlot's own header; its MIT notice goes into every report that carries it
const uplotVersion = createRequire(import.meta.url)('uplot/package.json').version;

// pg asks whether it runs on Cloudflare Workers by constructing a fetch Response, which loads Node's
// whole fetch implementation (undici): ~10 ms at every start of a PostgreSQL worker, for a question
// whose answer under Node.js is always no.
const notCloudflare = {
  name: 'pg-not-cloudflare',
  setup(build) {
    build.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace("typeof Response === 'function'", 'false');
      if (patched === source) throw new Error(`${args.path}: the Cloudflare check changed; update scripts/bundle-cli.mjs`);
      return { contents: patched, loader: 'js' };
    });
  },
};

// node:crypto costs every start ~16 M instructions (~5 % of a short PostgreSQL worker's start,
// callgrind); nothing a worker does needs it (our own code takes random bytes from the global Web
// Crypto object, loaded on first use). Two packages load it at once all the same:
// - pg, for password authentication (SCRAM, MD5): its crypto module is wrapped so that it runs on
//   first use, i.e. when a server asks for a password;
// - seedrandom, for seeding without a seed, which hypertune never does (util/rng.ts always gives one).
const lazyCrypto = {
  name: 'lazy-crypto',
  setup(build) {
    build.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]crypto[\\/]utils\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.startsWith("const nodeCrypto = require('crypto')")) throw new Error(`${args.path} changed; update scripts/bundle-cli.mjs`);
      const contents = `let loaded;
function load() {
  if (loaded === undefined) {
    const module = { exports: {} };
    (function (module, exports) {\n${source}\n})(module, module.exports);
    loaded = module.exports;
  }
  return loaded;
}
module.exports = new Proxy({}, { get: (_, name) => load()[name], has: (_, name) => name in load() });
`;
      return { contents, loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]seedrandom[\\/]seedrandom\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace("nodecrypto = require('crypto');", 'nodecrypto = null;');
      if (patched === source) throw new Error(`${args.path}: its crypto line changed; update scripts/bundle-cli.mjs`);
      return { contents: patched, loader: 'js' };
    });
  },
};

/**
 * The bundle in ASCII: a source with any other character is a two-byte string in V8, decoded and
 * scanned as such at every start. esbuild escapes strings but keeps comments (and template literals)
 * as they are: comments are made ASCII here; anything else fails the build, to be escaped at its source.
 */
function asAscii(text) {
  const lines = text.split('\n').map((line) => (/^\s*(\/\/|\*|\/\*)/.test(line) ? line.replace(/[^\x00-\x7f]/g, '?') : line));
  const bad = lines.findIndex((line) => /[^\x00-\x7f]/.test(line));
  if (bad >= 0) throw new Error(`dist/cli/bundle.cjs line ${bad + 1} is not ASCII outside a comment: escape it in its source (${lines[bad].trim().slice(0, 120)})`);
  return lines.join('\n');
}

await build({
  entryPoints: ['src/report/html/client/main.ts'],
  outfile: 'dist/report/html/client.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  // browsers of 2020 on; nothing in the page needs more
  target: 'es2020',
  minify: true,
  banner: { js: `/*! uPlot v${uplotVersion} (μPlot), Copyright (c) Leon Sorokin, MIT License, https://github.com/leeoniya/uPlot */` },
  tsconfig: 'tsconfig.client.json',
  logLevel: 'warning',
});

const cli = await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/cli/bundle.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  // whitespace and syntax only (names stay, so stack traces still name our functions): a third less
  // source to read, hash and keep, ~600 fewer page faults and 10-30 ms less CPU at every start here
  minifyWhitespace: true,
  minifySyntax: true,
  // pg loads these only when asked to (native bindings, Cloudflare sockets); never here
  external: ['pg-native', 'cloudflare:sockets'],
  // the modules' import.meta.url (package lookups, e.g. the report's client) is the bundle's own URL
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [notCloudflare, lazyCrypto],
  write: false,
  logLevel: 'warning',
});
for (const output of cli.outputFiles) {
  if (!output.path.endsWith('.cjs')) {
    await writeFile(output.path, output.contents);
    continue;
  }
  // the code cache's key (bundle-loader.ts): V8 itself would take a cache made for any source of the same length
  const text = asAscii(output.text);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 32);
  await writeFile(output.path, `${text}// hypertune-bundle-hash: ${hash}\n`);
}
