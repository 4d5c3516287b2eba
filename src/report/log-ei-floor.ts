// Where the log expected improvement stops being drawn, shared by `explain` and the report's GP panels.
// Far from every trial log EI falls without end (-80,000 in a user audit): an axis down there flattens
// the part that decides the pick into a line. e^-12 of the best ask's improvement is nothing to the ask.

/** How far below its peak (natural log units, about five decades of EI) log EI is still drawn. */
export const LOG_EI_DEPTH = 12;

/** The peak of a log EI curve and where it is cut (values below `floor` are drawn at it); null when none is finite. */
export function logEiFloor(values: ReadonlyArray<number | null>): { peak: number; floor: number; clipped: boolean } | null {
  let peak = -Infinity;
  let lowest = Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v > peak) peak = v;
    if (v < lowest) lowest = v;
  }
  if (peak === -Infinity) return null;
  const floor = Math.max(lowest, peak - LOG_EI_DEPTH);
  return { peak, floor, clipped: lowest < floor };
}
