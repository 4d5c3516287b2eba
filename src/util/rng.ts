import seedrandom from 'seedrandom';

/** A seeded source of uniform numbers in [0, 1); the only randomness the core may use. */
export interface Rng {
  next(): number;
}

export function createRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  return { next: () => prng.double() };
}

/** A child seed that depends only on the parent seed and a path, so streams stay independent. */
export function deriveSeed(seed: number | string, ...path: Array<number | string>): string {
  return [String(seed), ...path.map(String)].join('/');
}

/** Standard normal draw (Box-Muller). */
export function normalDraw(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Integer in [0, n). */
export function intBelow(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng.next() * n));
}

/** An index drawn with the given probabilities (summing to 1) from one uniform number. */
export function drawIndex(probabilities: readonly number[], rng: Rng): number {
  const u = rng.next();
  let cumulative = 0;
  for (let i = 0; i < probabilities.length; i++) {
    cumulative += probabilities[i] ?? 0;
    if (u < cumulative) return i;
  }
  // only reached when rounding left the sum a hair under u
  return probabilities.length - 1;
}
