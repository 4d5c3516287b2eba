import { SpaceError } from '../errors.js';
import type { Space } from './types.js';

/**
 * Under grid search every numeric parameter needs its points: `grid: N`, a step (`q`) between bounds,
 * or the space's `grid:`. The first one without, as an error naming its line; null when none. Checked
 * before a study is made: found at the first ask, it left an empty study that refused the corrected
 * file (a user audit).
 */
export function gridProblem(space: Space): SpaceError | null {
  if (space.grid !== null) return null;
  for (const node of space.nodes) {
    if (node.kind !== 'numeric' || node.grid !== null || (node.q !== null && node.low !== null && node.high !== null)) continue;
    const where = { file: space.file ?? undefined, line: node.position.line, column: node.position.column, label: node.label };
    return new SpaceError('grid search needs points for this continuous parameter: write { dist: ..., grid: N }, or grid: N at the top for every such one', where);
  }
  return null;
}
