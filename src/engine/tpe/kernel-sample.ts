// Drawing from a product-kernel mixture: l(x)'s candidates.
import { intBelow, normalDraw, type Rng } from '../../util/rng.js';
import type { CategoricalDim, KernelMixture } from './kernel-types.js';
import { normalCdf, normalQuantile } from '../../util/normal.js';

function truncatedNormal(mu: number, sd: number, low: number, high: number, rng: Rng): number {
  for (let attempt = 0; attempt < 32; attempt++) {
    const x = mu + sd * normalDraw(rng);
    if (x >= low && x <= high) return x;
  }
  // Most of the kernel lies outside the domain: invert the CDF between the bounds.
  const a = normalCdf((low - mu) / sd);
  const b = normalCdf((high - mu) / sd);
  return Math.min(high, Math.max(low, mu + sd * normalQuantile(a + rng.next() * (b - a))));
}

function drawCategory(dim: CategoricalDim, centre: number, eps: number, rng: Rng): number {
  if (centre < 0) {
    const u = rng.next();
    let cumulative = 0;
    for (let i = 0; i < dim.size; i++) {
      cumulative += dim.prior[i] ?? 0;
      if (u < cumulative) return i;
    }
    return dim.size - 1;
  }
  return rng.next() < 1 / (1 + dim.size * eps) ? centre : intBelow(rng, dim.size);
}

/** One draw: pick a kernel by weight, then each dimension from that kernel (model coordinates). */
export function sampleMixture(mix: KernelMixture, rng: Rng): number[] {
  const u = rng.next();
  let k = mix.size - 1;
  for (let i = 0; i < mix.size; i++) {
    if (u < (mix.cumulative[i] ?? 1)) {
      k = i;
      break;
    }
  }
  return mix.dims.map((dim, d) => {
    const c = mix.centre[d]?.[k] ?? 0;
    if (dim.kind === 'categorical') return drawCategory(dim, c, mix.epsilon[d] ?? 0, rng);
    return truncatedNormal(c, mix.sigma[d]?.[k] ?? 1, dim.low, dim.high, rng);
  });
}
