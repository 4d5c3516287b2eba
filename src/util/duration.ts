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

/** A duration as people read it: 4.2s, 42s, 7m05s, 8h00m; "-" for none. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '-';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  // rounded first, so that 119.6 s reads 2m00s (not 1m00s) and 59.7 s reads 1m00s
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad2(whole % 60)}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

