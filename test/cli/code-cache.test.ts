import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, NODE, tempDir } from './helpers/hypertune.js';

const root = resolve(BIN, '..', '..');

/**
 * The CLI's V8 code cache (src/cli/bundle-loader.ts), through the built binary: in a copy of the
 * package's launcher and bundle, so that the cache beside it is this test's alone.
 */
describe('the CLI bundle loaded with a code cache', () => {
  let bin: string;
  let cache: string;
  beforeEach(() => {
    const copy = tempDir();
    mkdirSync(join(copy, 'bin'));
    mkdirSync(join(copy, 'dist', 'cli'), { recursive: true });
    for (const file of ['package.json', 'bin/hypertune.js', 'dist/cli/bundle-loader.js', 'dist/cli/bundle.cjs']) copyFileSync(join(root, file), join(copy, file));
    bin = join(copy, 'bin', 'hypertune.js');
    cache = join(copy, 'dist', 'cli', 'bundle.cjs.cache');
  });

  const version = (env: Record<string, string> = {}) =>
    execa(NODE, [bin, '--version'], { env: { PATH: process.env['PATH'] ?? '', ...env }, extendEnv: false, reject: false });
  const hashOfBundle = (): string => /hypertune-bundle-hash: ([0-9a-f]+)\n$/.exec(readFileSync(join(bin, '..', '..', 'dist', 'cli', 'bundle.cjs'), 'utf8'))?.[1] ?? '';

  it('is written by the first start, keyed by the bundle, and used as it is by the next', async () => {
    expect(existsSync(cache)).toBe(false);
    const first = await version();
    expect([first.exitCode, first.stdout, first.stderr]).toEqual([0, '0.1.0', '']);
    const written = readFileSync(cache);
    expect(hashOfBundle()).toMatch(/^[0-9a-f]{32}$/);
    expect(written.subarray(0, 33).toString()).toBe(`${hashOfBundle()}\n`);
    // V8's bytecode follows: far more than a header
    expect(written.length).toBeGreaterThan(100_000);
    const { ino } = statSync(cache);
    const second = await version();
    expect([second.exitCode, second.stdout, second.stderr]).toEqual([0, '0.1.0', '']);
    // replaced files get a new inode (written beside, then renamed): this one was only read
    expect(statSync(cache).ino).toBe(ino);
    expect(readFileSync(cache).equals(written)).toBe(true);
  });

  it('survives a corrupt, a cut or another build\'s cache, and writes a good one in its place', async () => {
    await version();
    const good = readFileSync(cache);
    const header = good.subarray(0, 33);
    const damaged = [
      Buffer.concat([header, Buffer.alloc(good.length - 33, 0x5a)]),
      good.subarray(0, Math.floor(good.length / 2)),
      Buffer.concat([Buffer.from(`${'0'.repeat(32)}\n`), good.subarray(33)]),
      Buffer.from('not a cache'),
    ];
    for (const bad of damaged) {
      writeFileSync(cache, bad);
      const { ino } = statSync(cache);
      const result = await version();
      expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, '0.1.0', '']);
      expect(statSync(cache).ino).not.toBe(ino);
      expect(readFileSync(cache).subarray(0, 33).equals(header)).toBe(true);
      expect(readFileSync(cache).length).toBeGreaterThan(100_000);
    }
  });

  it('is neither read nor written with HYPERTUNE_CODE_CACHE=0', async () => {
    const result = await version({ HYPERTUNE_CODE_CACHE: '0' });
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, '0.1.0', '']);
    expect(existsSync(cache)).toBe(false);
    writeFileSync(cache, 'left alone');
    await version({ HYPERTUNE_CODE_CACHE: '0' });
    expect(readFileSync(cache, 'utf8')).toBe('left alone');
  });

  it('starts without a word when the cache cannot be put in place, and leaves no temporary file', async () => {
    // a folder where the cache would go: reading it fails, and so does renaming a file onto it
    mkdirSync(cache);
    const result = await version();
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, '0.1.0', '']);
    expect(readdirSync(join(cache, '..')).sort()).toEqual(['bundle-loader.js', 'bundle.cjs', 'bundle.cjs.cache']);
  });

  // root writes into a read-only folder anyway: nothing to see there
  it.skipIf(process.getuid?.() === 0)('starts without a cache and without a word where its folder cannot be written', async () => {
    const folder = join(bin, '..', '..', 'dist', 'cli');
    chmodSync(folder, 0o555);
    try {
      const result = await version();
      expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, '0.1.0', '']);
      expect(existsSync(cache)).toBe(false);
    } finally {
      chmodSync(folder, 0o755);
    }
  });
});
