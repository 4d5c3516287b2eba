// Before any test file starts: dist/ built from the sources as they are. `npm test` builds first, but
// `npx vitest run` after an edit ran the old dist/ (every test of the built binary), and one file that
// rebuilt it for itself could rewrite dist/ while other files were starting the binary.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default function setup(): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-stamp.mjs'), 'check'], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}
