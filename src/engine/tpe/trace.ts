import type { Config, ParamValue } from '../../space/types.js';
import type { GroupModel } from './group.js';
import { marginalLogPdf } from './kernel.js';

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
  /** The parameter's values in the good (below) and bad (above) groups (built when first read: most asks are not explained). */
  readonly below: ParamValue[];
  readonly above: ParamValue[];
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

/** The explain view of one parameter of a group model. */
export function groupTraces(model: GroupModel, chosen: number): ParamTrace[] {
  return model.params.map((p, d) => ({
    label: p.node.label,
    model: model.params.length > 1 ? 'joint' : 'univariate',
    logScale: p.node.kind === 'numeric' && p.node.log,
    // every ask makes traces, few are explained: at 1,000 trials these copies were a tenth of an ask
    get below() {
      return model.below.map((o) => o.params[p.node.label] ?? null);
    },
    get above() {
      return model.above.map((o) => o.params[p.node.label] ?? null);
    },
    logL: (value: ParamValue) => marginalLogPdf(model.l, d, p.coordinateOf(value)),
    logG: (value: ParamValue) => marginalLogPdf(model.g, d, p.coordinateOf(value)),
    candidates: model.candidates.map((c) => ({ value: c.values[d] ?? null, score: c.score })),
    chosen,
  }));
}
