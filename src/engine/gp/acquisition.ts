// Log expected improvement (Ament et al., 2023, "Unexpected improvements to expected improvement"):
// the same maximiser as EI, but computed in log space so that it never underflows to a flat zero
// far from the incumbent, where plain EI gives the local search nothing to follow.
import { erfcx, LOG_SQRT_2PI, normalCdf } from '../../util/normal.js';
import { predict, type Posterior } from './posterior.js';

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

/** log h(z), h(z) = phi(z) + z Phi(z), and d log h / dz; stable for every z. */
export function logH(z: number): { value: number; slope: number } {
  if (z > -1) {
    const phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    const cdf = normalCdf(z);
    const h = phi + z * cdf;
    return { value: Math.log(h), slope: cdf / h };
  }
  // z <= -1: h = phi(z) (1 - t m), t = -z, m = Phi(z) / phi(z) = erfcx(t / sqrt 2) sqrt(pi / 2) (Mills ratio).
  const t = -z;
  if (t > 1e4) return { value: -0.5 * z * z - LOG_SQRT_2PI - 2 * Math.log(t), slope: t };
  const m = erfcx(t / Math.SQRT2) * SQRT_HALF_PI;
  const rest = 1 - t * m;
  return { value: -0.5 * z * z - LOG_SQRT_2PI + Math.log(rest), slope: m / rest };
}

export interface AcquisitionValue {
  value: number;
  /** Gradient in the inputs (zero for categorical inputs), when asked for. */
  gradient: Float64Array | null;
}

/** log EI of improving on `best` (a minimisation; targets standardized) at x. */
export function logExpectedImprovement(post: Posterior, x: ArrayLike<number>, best: number, withGradient = false): AcquisitionValue {
  const p = predict(post, x, withGradient);
  const sd = Math.sqrt(p.variance);
  const z = (best - p.mean) / sd;
  const h = logH(z);
  const value = h.value + Math.log(sd);
  if (!withGradient || p.dMean === null || p.dVariance === null) return { value, gradient: null };
  const gradient = new Float64Array(p.dMean.length);
  for (let k = 0; k < gradient.length; k++) {
    const dSd = (p.dVariance[k] as number) / (2 * sd);
    const dz = (-(p.dMean[k] as number) - z * dSd) / sd;
    gradient[k] = h.slope * dz + dSd / sd;
  }
  return { value, gradient };
}
