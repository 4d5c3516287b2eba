// Durations as people write them for a study's time budget: `90` or `90s`, `45m`, `1.5h`, `2d`,
// `1h30m` (or `1h 30m`). Seconds out; null for anything else, so that each caller names its own field.

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*([smhd])/gy;

/** Seconds in `text`, or null when it is not a duration above zero. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return positive(Number(trimmed));
  if (trimmed === '') return null;
  let total = 0;
  let at = 0;
  const units = new Set<string>();
  while (at < trimmed.length) {
    PART.lastIndex = at;
    const match = PART.exec(trimmed);
    if (match === null) return null;
    const unit = match[2] as string;
    // `1h 2h` or `30m1h` reads as a typing mistake, not as a sum
    if (units.has(unit) || [...units].some((seen) => (UNIT_SECONDS[seen] as number) < (UNIT_SECONDS[unit] as number))) return null;
    units.add(unit);
    total += Number(match[1]) * (UNIT_SECONDS[unit] as number);
    at = PART.lastIndex;
    while (trimmed[at] === ' ') at += 1;
  }
  return positive(total);
}

function positive(seconds: number): number | null {
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}
