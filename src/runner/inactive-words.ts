// A trial without a parameter (one under a choice option not picked, or a null option) passes no
// word for it, as flags leave it out: the words of the command that name it go, and a flag with them.

const PLACEHOLDER = /\{([^{}\s]+)\}/g;

/** The names a command word holds in braces (`--out runs/{model}_{width}`: model, width). */
export const namesIn = (word: string): string[] => [...word.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');

/**
 * The argument words with those naming a parameter this trial does not have (one under a choice option
 * not picked) left out, as flags leave it out. A flag followed only by such lone placeholders
 * (`--width {width}`) goes with them, so the program's own default applies instead of a literal
 * `{width}`; one that still has a value among them stays (`--hidden {h1} {h2} {h3}`, argparse's nargs).
 */
export function withoutInactive(words: readonly string[], inactive: ReadonlySet<string>): string[] {
  const kept = keptWords(words, inactive);
  return words.filter((_, i) => kept.has(i));
}

/** The indexes of the words withoutInactive keeps. */
function keptWords(words: readonly string[], inactive: ReadonlySet<string>): Set<number> {
  const isInactive = (word: string): boolean => namesIn(word).some((name) => inactive.has(name));
  const lone = (word: string | undefined): boolean => word !== undefined && /^\{[^{}\s]+\}$/.test(word);
  const kept = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    // `--out runs/{model}_{width}` without width: the flag goes with its word, or it would take the next one (a user audit)
    if (/^--?[A-Za-z][\w.-]*$/.test(word) && next !== undefined && !lone(next) && isInactive(next)) {
      i += 1;
      continue;
    }
    if (/^--?[A-Za-z][\w.-]*$/.test(word) && lone(words[i + 1])) {
      let end = i + 1;
      while (lone(words[end])) end++;
      const values = Array.from({ length: end - i - 1 }, (_, k) => i + 1 + k).filter((k) => !isInactive(words[k] ?? ''));
      if (values.length > 0) for (const k of [i, ...values]) kept.add(k);
      i = end - 1;
    } else if (!isInactive(word)) kept.add(i);
  }
  return kept;
}

/** A shell script with the words naming an absent parameter left out as withoutInactive leaves out argv words, its own spacing kept. */
export function scriptWithoutInactive(script: string, inactive: ReadonlySet<string>): string {
  const parts = script.split(/(\s+)/);
  const words = parts.filter((_, i) => i % 2 === 0);
  const kept = keptWords(words, inactive);
  let out = '';
  words.forEach((word, k) => {
    if (!kept.has(k)) return;
    out += (out === '' ? '' : (parts[2 * k - 1] ?? ' ')) + word;
  });
  return out;
}
