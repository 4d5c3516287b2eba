import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The one direction of imports from the brief; anything not listed is forbidden.
const allowed: Record<string, string[]> = {
  errors: [],
  util: [],
  space: ['errors', 'util'],
  study: ['space', 'errors'],
  engine: ['space', 'study', 'util', 'errors'],
  store: ['study', 'errors', 'util'],
  runner: ['study', 'errors', 'util'],
  loop: ['engine', 'store', 'runner', 'space', 'study', 'errors', 'util'],
  report: ['study', 'space', 'engine', 'util', 'errors'],
  cli: ['loop', 'engine', 'store', 'runner', 'space', 'study', 'report', 'errors', 'util'],
  index: ['space', 'engine', 'study', 'store', 'report', 'errors', 'util', 'loop'],
};

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function moduleOf(file: string): string {
  const first = relative(src, file).split(sep)[0] ?? '';
  return first.replace(/\.(ts|js)$/, '');
}

describe('architecture', () => {
  const files = tsFiles(src);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('imports only in the allowed direction', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = moduleOf(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = moduleOf(resolve(dirname(file), match[1] ?? ''));
        if (target === from) continue;
        if (!(allowed[from] ?? []).includes(target)) violations.push(`${relative(src, file)} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps process spawning in runner/ and file access in store/ and the space loader', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rel = relative(src, file);
      const text = readFileSync(file, 'utf8');
      if (/['"](node:)?child_process['"]|['"]execa['"]/.test(text) && !rel.startsWith(`runner${sep}`)) {
        violations.push(`${rel} spawns processes`);
      }
      const touchesFiles = /['"](node:)?fs(\/promises)?['"]/.test(text);
      const mayTouchFiles =
        rel.startsWith(`store${sep}`) || rel === join('space', 'load.ts') || rel.startsWith(`cli${sep}`) || rel.startsWith(`runner${sep}`);
      if (touchesFiles && !mayTouchFiles) violations.push(`${rel} touches files`);
    }
    expect(violations).toEqual([]);
  });

  it('keeps space/ and engine/ free of any, Math.random and globals', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rel = relative(src, file);
      if (!rel.startsWith(`space${sep}`) && !rel.startsWith(`engine${sep}`)) continue;
      const text = readFileSync(file, 'utf8');
      if (/:\s*any\b|as any\b|<any>/.test(text)) violations.push(`${rel} uses any`);
      if (/Math\.random/.test(text)) violations.push(`${rel} uses Math.random`);
      if (/\bprocess\.|Date\.now|performance\.now/.test(text)) violations.push(`${rel} reads globals`);
    }
    expect(violations).toEqual([]);
  });
});
