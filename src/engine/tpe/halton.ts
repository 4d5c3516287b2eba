// Scrambled Halton points: each coordinate's digits go through seeded random permutations,
// which keeps the sequence's even coverage and removes the correlations between high bases.
import { createRng, deriveSeed, intBelow } from '../../util/rng.js';

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    if (primes.every((p) => p * p > candidate || candidate % p !== 0)) primes.push(candidate);
  }
  return primes;
}

/** Coordinate `index` (0, 1, 2, ...) of a `dims`-dimensional scrambled Halton sequence, in [0, 1). */
export function scrambledHalton(index: number, dims: number, seed: number | string): number[] {
  const primes = firstPrimes(dims);
  return primes.map((base, d) => {
    const rng = createRng(deriveSeed(seed, 'halton', d));
    const positions = Math.ceil(52 / Math.log2(base));
    let value = 0;
    let scale = 1 / base;
    let rest = index;
    for (let j = 0; j < positions; j++) {
      const permutation = Array.from({ length: base }, (_, i) => i);
      for (let i = base - 1; i > 0; i--) {
        const swap = intBelow(rng, i + 1);
        [permutation[i], permutation[swap]] = [permutation[swap] ?? 0, permutation[i] ?? 0];
      }
      value += (permutation[rest % base] ?? 0) * scale;
      rest = Math.floor(rest / base);
      scale /= base;
    }
    return Math.min(value, 1 - 1e-16);
  });
}
