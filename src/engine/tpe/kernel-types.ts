// The Parzen estimator's parameter dimensions and kernel mixture, shared by building, scoring and sampling.

/** A numeric parameter in model space (log space for log families); low/high are ±Infinity when unbounded. */
export interface NumericDim {
  kind: 'numeric';
  low: number;
  high: number;
  priorMu: number;
  priorSigma: number;
  /** The width bandwidths are measured against (the range, or the prior's sigma when unbounded). */
  range: number;
  /** Step in value space for quantized and integer parameters (densities become bin masses). */
  step: number | null;
  log: boolean;
}

export interface CategoricalDim {
  kind: 'categorical';
  size: number;
  prior: readonly number[];
}

export type Dim = NumericDim | CategoricalDim;

export interface Bandwidth {
  /** Floor of a kernel's width, as a fraction of the range. */
  minBandwidth: number;
  /** The floor is also range / (n + 2)^exponent, whichever is larger (hyperopt/Optuna: 1). */
  clipExponent: number;
  /** Multiplies every width after the clip (hypertune's narrowing in small spaces); never below minBandwidth. */
  scale?: number;
}

export interface KernelMixture {
  dims: readonly Dim[];
  /** Kernels, the prior kernel last. */
  size: number;
  logWeights: Float64Array;
  cumulative: Float64Array;
  /** Per dimension, per kernel: centre (model space, or category index; -1 for the prior of a categorical). */
  centre: Float64Array[];
  sigma: Float64Array[];
  /** Per dimension, per kernel: log of the kernel's mass inside the domain. */
  logMass: Float64Array[];
  /** Per dimension, per kernel: -log(sigma) - log(sqrt(2 pi)) - logMass, the continuous density's constant. */
  logNorm: Float64Array[];
  /** Per dimension: smoothing of categorical kernels. */
  epsilon: number[];
}
