import { nearestName } from '../util/nearest-name.js';

/** ` (did you mean X?)` for a typo of a known name, or a name another tool uses for it (`synonyms`); else ''. */
export function didYouMean(name: string, known: readonly string[], synonyms: Readonly<Record<string, string>> = {}): string {
  const nearest = (Object.hasOwn(synonyms, name) ? synonyms[name] : undefined) ?? nearestName(name, known);
  return nearest === null ? '' : ` (did you mean ${nearest}?)`;
}
