/** Quotes a word for the user's shell only when it needs it (for lines we show, never run). */
export function quoteArg(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function quoteCommand(words: readonly string[]): string {
  return words.map(quoteArg).join(' ');
}
