// Paths with wildcards, as a shell expands them, for a metric file whose name the program makes up
// (Lightning's `lightning_logs/version_3/events.out.tfevents.1700000000.host.123.0`).
import { readdirSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

const WILDCARD = /[*?[]/;

/** Whether `path` holds `*`, `?` or `[...]`. */
export function isGlob(path: string): boolean {
  return WILDCARD.test(path);
}

/** `text` matched literally inside a pattern: each `*`, `?` and `[` in a class of its own (`proj [copy]` -> `proj [[]copy]`). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** One path segment's pattern as a regular expression: `*` any run of characters, `?` one, `[...]` a class. */
function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        const body = segment.slice(i + 1, close);
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`.replace(/\\/g, '\\\\');
        i = close;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Every existing path that an absolute `pattern` matches, sorted; wildcards may sit in any segment. */
export function expandGlob(pattern: string): string[] {
  if (!isAbsolute(pattern)) throw new Error(`expandGlob needs an absolute pattern, got ${pattern}`);
  const segments = pattern.split(sep).filter((s) => s !== '');
  let found: string[] = [sep];
  for (const segment of segments) {
    if (!isGlob(segment)) {
      found = found.map((dir) => join(dir, segment));
      continue;
    }
    const matcher = segmentRegExp(segment);
    // as in a shell, a wildcard does not match a name's leading dot
    const hidden = segment.startsWith('.');
    found = found.flatMap((dir) => {
      try {
        return readdirSync(dir)
          .filter((name) => matcher.test(name) && (hidden || !name.startsWith('.')))
          .map((name) => join(dir, name));
      } catch {
        return []; // not a folder, or not there (yet)
      }
    });
  }
  return found.sort();
}
