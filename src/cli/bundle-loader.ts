import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Loads the CLI bundle (dist/cli/bundle.cjs, made by scripts/bundle-cli.mjs) with V8's code cache:
 * the bytecode of the bundle's functions, kept beside it in bundle.cjs.cache, so that a process
 * starts without parsing and compiling the ~1.3 MB bundle again (issue 14: a worker's start is most
 * of what a short study's worker costs). Node 20 has no compile cache of its own for modules
 * (module.enableCompileCache came with 22.1), hence a vm.Script over the CommonJS bundle.
 *
 * The cache is written when it is missing or V8 rejected it (another Node version, other flags), at
 * the process's exit, so that it holds every function this run compiled, not only the top level. It
 * is written to a temporary file and renamed into place: a process reading it meanwhile sees the old
 * one or the new one, never half of one. V8 checks a cache against the source's length only, so the
 * cache starts with the bundle's content hash (its last line, written by the build): a cache of
 * another build is rewritten, never used. A folder that cannot be written (an installation owned by
 * root) means no cache and no error. HYPERTUNE_CODE_CACHE=0 turns it off.
 */
export interface BundledCli {
  main(argv: string[]): Promise<void>;
}

type Wrapped = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

const HASH_LINE = /\n\/\/ hypertune-bundle-hash: ([0-9a-f]{16,64})\n?$/;

export function loadBundledCli(file = join(dirname(fileURLToPath(import.meta.url)), 'bundle.cjs')): BundledCli {
  // A pattern: of the user's that backtracks without end (`loss=((?:a+)+)$` on a long line it does not
  // match) held the tuner's one thread: no --trial-timeout, no SIGTERM for 70 s (a user audit). With this
  // flag a match that has backtracked too long goes on in V8's linear-time engine, with the same result.
  // Set here, before the bundle is compiled, since V8 keys the code cache by the flags (set later, every
  // start rejected the cache the one before had written).
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  // latin1: the bundle is ASCII (the build refuses any other character), and latin1 makes its one-byte
  // string by a copy where utf8 decodes and checks 1.3 MB: 10-20 ms of every start on a 2-core machine
  const source = readFileSync(file, 'latin1');
  const hash = HASH_LINE.exec(source.slice(-200))?.[1];
  const cacheFile = `${file}.cache`;
  const useCache = process.env['HYPERTUNE_CODE_CACHE'] !== '0' && hash !== undefined;
  const cached = useCache ? readCache(cacheFile, hash) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cached === undefined ? {} : { cachedData: cached }),
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (useCache && (cached === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => writeCache(script, cacheFile, hash));
  }
  const module = { exports: {} };
  (script.runInThisContext() as Wrapped)(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports as BundledCli;
}

/** The cached bytecode when the cache was made for this very bundle; else undefined. */
function readCache(cacheFile: string, hash: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = Buffer.from(`${hash}\n`);
  return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
}

function writeCache(script: vm.Script, cacheFile: string, hash: string): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${hash}\n`), script.createCachedData()]));
    renameSync(temporary, cacheFile);
  } catch {
    // no cache where the folder cannot be written: the next start compiles, as without one
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
  }
}
