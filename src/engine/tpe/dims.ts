// How the default TPE sees a parameter: a model-space dimension, and the maps value <-> coordinate.
import { binnedRange, finishValue } from '../../space/quantize.js';
import type { ChoiceNode, Config, NumericNode, ParamValue } from '../../space/types.js';
import { optionIndexOf } from '../observations.js';
import type { Dim } from './kernel-types.js';

export interface ModelledParam {
  node: NumericNode | ChoiceNode;
  dim: Dim;
  /** Model coordinate of this parameter in a configuration (the parameter must be present). */
  coordinate(params: Config): number;
  coordinateOf(value: ParamValue): number;
  /** The value a program receives for a sampled coordinate. */
  valueOf(coordinate: number): ParamValue;
}

const TINY = 1e-300;

/**
 * Integers (randint, uniformint) and quantized families are ordered, as Optuna's suggest_int: a numeric
 * dimension whose densities are the masses of each value's bin, so a good 7 lends weight to 6 and 8.
 * (hyperopt models randint as unordered; its preset keeps that. An unordered integer is a `choice`.)
 */
export function modelParam(node: NumericNode | ChoiceNode): ModelledParam {
  if (node.kind === 'choice') {
    const size = node.options.length;
    return {
      node,
      dim: { kind: 'categorical', size, prior: node.probabilities },
      coordinate: (params) => Math.max(0, optionIndexOf(node, params)),
      coordinateOf: (value) => Math.max(0, node.options.findIndex((o) => o.value === value)),
      valueOf: (c) => node.options[Math.round(c)]?.value ?? null,
    };
  }
  const toModel = (v: number): number => (node.log ? Math.log(Math.max(v, TINY)) : v);
  let low = -Infinity;
  let high = Infinity;
  let priorMu = node.log ? (node.mu ?? 0) : (node.mu ?? 0);
  let priorSigma = node.sigma ?? 1;
  if (node.low !== null && node.high !== null) {
    const { low: lowValue, high: highValue } = binnedRange({ ...node, low: node.low, high: node.high });
    low = toModel(lowValue);
    high = toModel(highValue);
    priorMu = (low + high) / 2;
    priorSigma = high - low;
  }
  const coordinateOf = (value: ParamValue): number => toModel(Number(value));
  return {
    node,
    dim: { kind: 'numeric', low, high, priorMu, priorSigma, range: priorSigma, step: node.q, log: node.log },
    coordinate: (params) => coordinateOf(params[node.label] ?? null),
    coordinateOf,
    valueOf: (c) => finishValue(node, node.log ? Math.exp(c) : c),
  };
}
