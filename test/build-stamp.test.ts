// npm install's prepare step skips the build only when dist/ is built from the very sources it holds
// (scripts/build-stamp.mjs), on a small tree of its own: the script finds the tree from its own place.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, tempDir } from './cli/helpers/hypertune.js';

function stamp(root: string, mode: string): { status: number | null; stdout: string } {
  const result = spawnSync(NODE, [join(root, 'scripts', 'build-stamp.mjs'), mode], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('the build stamp', () => {
  it('calls dist/ current after a build, and stale once a source changes, is added or an output is gone', () => {
    const root = tempDir();
    mkdirSync(join(root, 'scripts'));
    copyFileSync(join(import.meta.dirname, '..', 'scripts', 'build-stamp.mjs'), join(root, 'scripts', 'build-stamp.mjs'));
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'package.json'), '{}\n');
    for (const output of ['dist/cli/bundle.cjs', 'dist/index.js', 'dist/report/html/client.js', 'dist/report/html/client.css']) {
      mkdirSync(join(root, output, '..'), { recursive: true });
      writeFileSync(join(root, output), '');
    }
    // never built: no stamp
    expect(stamp(root, 'check').status).toBe(1);
    expect(stamp(root, 'write').status).toBe(0);
    expect(stamp(root, 'check')).toEqual({ status: 0, stdout: 'hypertune: dist/ is already built from these sources\n' });
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const a = 2;\n');
    expect(stamp(root, 'check').status).toBe(1);
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const a = 1;\n');
    expect(stamp(root, 'check').status).toBe(0);
    writeFileSync(join(root, 'src', 'cli', 'more.ts'), '\n');
    expect(stamp(root, 'check').status).toBe(1);
    expect(stamp(root, 'write').status).toBe(0);
    rmSync(join(root, 'dist', 'index.js'));
    expect(stamp(root, 'check').status).toBe(1);
  });
});
