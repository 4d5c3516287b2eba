// The priors of the GP's hyperparameters (theta = log lengths, log signal, log noise): negative log
// densities with their gradients, added to the marginal likelihood in fit.ts.
import type { GpData, Theta } from './fit.js';

/** Priors on theta (negative log density and its gradient), chosen by the benchmark (docs/gp.md). */
export type LengthPrior = 'unit' | 'dimension';

export interface Prior {
  /**
   * `unit`: -(0.1 / l + 0.1 l) on l = 1 / length^2, mode at length 1 of the unit cube (as Optuna's GP);
   * `lognormal`: log(length) ~ N(lengthMu, lengthSigma).
   */
  lengthFamily: 'unit' | 'lognormal';
  lengthMu: number;
  lengthSigma: number;
  /** Rate of the Gamma(1.1, rate) prior on the noise variance (standardized units). */
  noiseRate: number;
  /** The prior of the choices' length scales, when it differs from the numeric inputs'. */
  choices?: Prior;
}

export function defaultPrior(d: number, noiseRate = 100, family: LengthPrior = 'unit'): Prior {
  if (family === 'unit') return { lengthFamily: 'unit', lengthMu: 0, lengthSigma: 1, noiseRate };
  // Hvarfner, Hellsten & Nardi (2024), BoTorch's default: length scales grow like sqrt(d), so
  // high-dimensional problems start from a smooth model instead of a jagged one.
  return { lengthFamily: 'lognormal', lengthMu: Math.SQRT2 + 0.5 * Math.log(d), lengthSigma: Math.sqrt(3), noiseRate };
}

/** The length scales' part of the prior (theta[k] = log length), added to `grad`. */
function lengthTerm(theta: Theta, data: GpData, numeric: Prior, grad: Float64Array): number {
  let nlp = 0;
  for (let k = 0; k < data.d; k++) {
    const prior = data.categorical[k] === 1 && numeric.choices !== undefined ? numeric.choices : numeric;
    const s2 = prior.lengthSigma * prior.lengthSigma;
    const t = theta[k] as number;
    if (prior.lengthFamily === 'unit') {
      // l = e^(-2t): 0.1 / l + 0.1 l = 0.1 (e^(2t) + e^(-2t))
      const up = Math.exp(2 * t);
      nlp += 0.1 * (up + 1 / up);
      grad[k] = (grad[k] as number) + 0.2 * (up - 1 / up);
    } else {
      const z = t - prior.lengthMu;
      nlp += (z * z) / (2 * s2);
      grad[k] = (grad[k] as number) + z / s2;
    }
  }
  return nlp;
}

export function priorTerm(theta: Theta, data: GpData, prior: Prior, grad: Float64Array): number {
  const d = data.d;
  let nlp = lengthTerm(theta, data, prior, grad);
  // log signal variance ~ N(0, 1): the targets are standardized.
  const ls = theta[d] as number;
  nlp += 0.5 * ls * ls;
  grad[d] = (grad[d] as number) + ls;
  // noise variance ~ Gamma(1.1, rate) (rate 100: mean 0.011), written for theta = log(variance).
  const ln = theta[d + 1] as number;
  const v = Math.exp(ln);
  nlp += -1.1 * ln + prior.noiseRate * v;
  grad[d + 1] = (grad[d + 1] as number) - 1.1 + prior.noiseRate * v;
  return nlp;
}
