import type { Config, ParamValue } from '../../space/types.js';

export interface CandidateScore {
  value: ParamValue;
  /** log l(x) - log g(x); for jointly modelled parameters, the joint score of the whole candidate. */
  score: number;
}

/** What the sampler did for one parameter in one proposal: the input of `hypertune explain`. */
export interface ParamTrace {
  label: string;
  model: 'univariate' | 'joint';
  /** Whether densities are over the logarithm of the value. */
  logScale: boolean;
  /** The parameter's values in the good (below) and bad (above) groups. */
  below: ParamValue[];
  above: ParamValue[];
  /** The engine's own log densities of a value under l and g (for joint models: this parameter's marginal). */
  logL(value: ParamValue): number;
  logG(value: ParamValue): number;
  candidates: CandidateScore[];
  /** Index of the proposed candidate. */
  chosen: number;
}

export interface TpeTrace {
  params: Config;
  startup: boolean;
  parameters: ParamTrace[];
}
