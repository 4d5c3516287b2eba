import { CST, Parser } from 'yaml';

export interface Opener {
  /** `[`, `{`, `"` or `'`. */
  char: string;
  offset: number;
}

const CLOSER: Record<string, string> = { '[': 'flow-seq-end', '{': 'flow-map-end' };

/**
 * The bracket or quote left open where a YAML syntax error was found at `errorOffset`: the innermost
 * one opened before it. The yaml library reports where it gave up, often the end of the file or
 * the next key; PyYAML names both places ("while parsing a flow sequence ... line 3"), and the
 * opening one is what the user has to fix. Null when no bracket or quote is open there.
 */
export function unclosedOpener(text: string, errorOffset: number): Opener | null {
  let found: Opener | null = null;
  const consider = (opener: Opener): void => {
    if (opener.offset <= errorOffset && (found === null || opener.offset > found.offset)) found = opener;
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        if (node === null || node === undefined || typeof node !== 'object') continue;
        if (node.type === 'flow-collection') {
          const char = node.start.source;
          const closer = CLOSER[char];
          if (closer !== undefined && !node.end.some((end) => end.type === closer)) consider({ char, offset: node.offset });
        } else if (node.type === 'double-quoted-scalar' || node.type === 'single-quoted-scalar') {
          const char = node.type === 'double-quoted-scalar' ? '"' : "'";
          if (!isClosed(node.source, char)) consider({ char, offset: node.offset });
        }
      }
    });
  }
  return found;
}

/** A quoted scalar's source ends with its quote, not with an escaped one (`\"`, or `''` inside '...'). */
function isClosed(source: string, quote: string): boolean {
  if (source.length < 2 || !source.endsWith(quote)) return false;
  const body = source.slice(1, -1);
  if (quote === '"') {
    const backslashes = /\\*$/.exec(body)?.[0].length ?? 0;
    return backslashes % 2 === 0;
  }
  // in single quotes, '' is a quote: an even run of quotes before the closing one is text
  const quotes = /'*$/.exec(body)?.[0].length ?? 0;
  return quotes % 2 === 0;
}
