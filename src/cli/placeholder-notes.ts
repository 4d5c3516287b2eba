// Notes on a command's {placeholders} that would pass something other than what the user meant: the
// runner leaves out a word naming a parameter a trial does not have, so a word that mixes it with an
// active one loses both, and a positional one shifts the words after it (a user audit); a name that is
// no parameter is passed as written, braces and all.
import { namesIn } from '../runner/index.js';
import { nearestName } from '../util/nearest-name.js';
import type { Space } from '../space/types.js';

/** Names the runner fills in itself, whatever the space. */
const BUILT_IN = ['trial_id', 'study', 'trial_dir', 'params_file'];

export function placeholderNotes(space: Space, command: readonly string[]): string[] {
  const labels = space.nodes.map((node) => node.label);
  const conditionOf = (label: string): string => JSON.stringify(space.nodes.find((node) => node.label === label)?.condition ?? null);
  const conditional = (label: string): boolean => conditionOf(label) !== 'null';
  const notes: string[] = [];
  const words = command.slice(1);
  words.forEach((word, i) => {
    const names = namesIn(word).filter((name) => labels.includes(name));
    for (const name of namesIn(word)) {
      if (labels.includes(name) || BUILT_IN.includes(name) || !/^[A-Za-z_][\w.-]*$/.test(name)) continue;
      const near = nearestName(name, labels);
      notes.push(`{${name}} in ${JSON.stringify(word)} names no parameter and is passed as written${near === null ? '' : ` (is it {${near}}?)`}`);
    }
    const under = names.filter(conditional);
    if (under.length === 0) return;
    if (new Set(names.map(conditionOf)).size > 1) {
      notes.push(`${JSON.stringify(word)} names ${under.join(', ')}, which a trial does not always have: in a trial without ${under.length === 1 ? 'it' : 'them'} the whole word is left out, with the value of ${names.filter((n) => conditionOf(n) !== conditionOf(under[0] ?? '')).join(', ')}; give each its own word, or this one only names that every trial has`);
      return;
    }
    // a flag's values may be several lone placeholders (`--hidden {h1} {h2}`, argparse's nargs): the
    // runner keeps the flag while one of them is there, so none of them is positional (a user audit)
    let first = i;
    while (first > 0 && /^\{[^{}\s]+\}$/.test(words[first - 1] ?? '')) first--;
    const previous = words[first - 1];
    const flagged = previous !== undefined && /^--?[A-Za-z]/.test(previous) && !previous.includes('=');
    if (!flagged && !word.startsWith('-') && i < words.length - 1) {
      notes.push(`${JSON.stringify(word)} is a positional word naming ${under.join(', ')}, which a trial does not always have: left out, the words after it move up one place; give it as a flag (--${under[0]} {${under[0]}})`);
    }
  });
  return notes;
}
