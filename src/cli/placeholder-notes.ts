// Notes on a command's {placeholders} that would pass something other than what the user meant: the
// runner leaves out a word naming a parameter a trial does not have, so a word that mixes it with an
// active one loses both, and a positional one shifts the words after it (a user audit); a name that is
// no parameter is passed as written, braces and all.
import { namesIn } from '../runner/index.js';
import { nearestName } from '../util/nearest-name.js';
import type { Space } from '../space/types.js';

/** Names the runner fills in itself, whatever the space. */
const BUILT_IN = ['trial_id', 'study', 'trial_dir', 'params_file', 'config_file'];

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
    // a flag's values may be several lone placeholders (`--hidden {h1} {h2}`, argparse's nargs): the
    // runner keeps the flag while one of them is there, so none of them is positional (a user audit)
    let first = i;
    while (first > 0 && /^\{[^{}\s]+\}$/.test(words[first - 1] ?? '')) first--;
    const flagged = isFlag(words[first - 1]);
    // `{use_bn}` alone for a store_true switch passes the word true or false, which argparse refuses (a user audit)
    const lone = /^\{([^{}\s]+)\}$/.exec(word)?.[1];
    // a boolean is no list's value: only the word just before it makes it a flag's (`--lr {lr} {use_bn}` is positional)
    if (lone !== undefined && !isFlag(words[i - 1]) && isBoolean(space, lone)) {
      notes.push(`{${lone}} stands alone for a boolean: the program gets the word true or false there; for a switch (store_true) write ${lone}: choice("--${lone}", ""), an empty option leaving the word out`);
    }
    const under = names.filter(conditional);
    if (under.length === 0) return;
    if (new Set(names.map(conditionOf)).size > 1) {
      notes.push(`${JSON.stringify(word)} names ${under.join(', ')}, which a trial does not always have: in a trial without ${under.length === 1 ? 'it' : 'them'} the whole word is left out, with the value of ${names.filter((n) => conditionOf(n) !== conditionOf(under[0] ?? '')).join(', ')}; give each its own word, or this one only names that every trial has`);
      return;
    }
    if (!flagged && !word.startsWith('-') && i < words.length - 1) {
      notes.push(`${JSON.stringify(word)} is a positional word naming ${under.join(', ')}, which a trial does not always have: left out, the words after it move up one place; give it as a flag (--${under[0]} {${under[0]}})`);
    }
  });
  return notes;
}

/** Whether a label's every value is a boolean (`choice(true, false)`, a boolean constant). */
function isBoolean(space: Space, label: string): boolean {
  const node = space.nodes.find((n) => n.label === label);
  if (node?.kind === 'choice') return node.options.every((option) => typeof option.value === 'boolean');
  return node?.kind === 'constant' && typeof node.value === 'boolean';
}

const isFlag = (word: string | undefined): boolean => word !== undefined && /^--?[A-Za-z]/.test(word) && !word.includes('=');
