const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * One bar per value, scaled between the smallest and largest; long series are resampled to `width`
 * points (taking the last value of each bucket, which is what a best-so-far curve needs).
 */
export function sparkline(values: readonly number[], width = 60): string {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return '';
  const points = resample(finite, width);
  const low = Math.min(...points);
  const high = Math.max(...points);
  const top = BARS.length - 1;
  return points
    .map((value) => BARS[high === low ? 0 : Math.round(((value - low) / (high - low)) * top)] ?? BARS[0])
    .join('');
}

function resample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  const points: number[] = [];
  for (let i = 1; i <= width; i++) {
    const index = Math.ceil((i * values.length) / width) - 1;
    points.push(values[index] ?? values[values.length - 1] ?? 0);
  }
  return points;
}
