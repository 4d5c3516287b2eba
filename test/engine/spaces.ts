// Typed access to the code-built spaces shared with the benchmark (bench/lib/*.mjs).
import type { ChoiceNode, ConstantNode, Config, NumericFamily, NumericNode, ParamNode, ParamValue, Space } from '../../src/space/types.js';
// @ts-expect-error plain JavaScript module without types
import * as builders from '../../bench/lib/spaces.mjs';
// @ts-expect-error plain JavaScript module without types
import * as problems from '../../bench/lib/problems.mjs';

interface NumericArgs {
  low?: number;
  high?: number;
  mu?: number;
  sigma?: number;
  q?: number;
  grid?: number;
}

interface Builders {
  numeric(label: string, family: NumericFamily, args?: NumericArgs): NumericNode;
  uniform(label: string, low: number, high: number, extra?: NumericArgs): NumericNode;
  choice(label: string, options: Array<ParamValue | { value: ParamValue; params?: ParamNode[] }>, probabilities?: number[]): ChoiceNode;
  constant(label: string, value: ParamValue): ConstantNode;
  makeSpace(params: ParamNode[], options?: { goal?: 'minimize' | 'maximize'; grid?: number | null }): Space;
  uniformSpace(bounds: Array<[string, number, number]>, options?: { goal?: 'minimize' | 'maximize' }): Space;
}

export interface Problem {
  name: string;
  space: Space;
  f(params: Config): number;
  minimum: number;
}

export const { numeric, uniform, choice, constant, makeSpace, uniformSpace } = builders as Builders;
export const referenceProblems = (problems as { referenceProblems: Problem[] }).referenceProblems;
export const ownProblems = (problems as { ownProblems: Problem[] }).ownProblems;
