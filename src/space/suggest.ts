import { nearestName } from '../util/nearest-name.js';

export function didYouMean(name: string, known: readonly string[]): string {
  const nearest = nearestName(name, known);
  return nearest === null ? '' : ` (did you mean ${nearest}?)`;
}
