// hypertune's default TPE (docs/tpe.md): scrambled Halton start-up, a joint model over the
// always-active parameters, univariate models for conditional ones, no repeated proposals.
import { sampleConfig } from '../../space/sample.js';
import type { ChoiceNode, Config, NumericNode, Space } from '../../space/types.js';
import { createRng, deriveSeed } from '../../util/rng.js';
import { isActive, sameConfig, type Observation } from '../observations.js';
import { modelParam } from './dims.js';
import { believePending } from './believer.js';
import { buildGroup, type GroupModel } from './group.js';
import type { DefaultSettings } from './settings.js';
import { staleFor } from './stale.js';
import { startupConfig } from './startup.js';
import { groupTraces, type ParamTrace, type TpeTrace } from './trace.js';

export function defaultStep(space: Space, observations: readonly Observation[], trialId: number, s: DefaultSettings, seed: number): TpeTrace {
  const rng = createRng(deriveSeed(seed, 'tpe', trialId));
  // a scan that stops at the first differing value is far cheaper than keying every observation:
  // it runs once or twice per ask, and continuous values differ at once
  const used = { has: (params: Config): boolean => observations.some((o) => sameConfig(o.params, params)) };
  // pruned trials count as finished ones here, as in Optuna: under hard pruning few trials complete
  const complete = observations.filter((o) => o.state === 'complete' || (o.state === 'pruned' && s.pruned === 'rank')).length;
  const counted = observations.filter((o) => o.state === 'complete' || o.state === 'pruned' || (o.state === 'running' && s.pending.startupCountsRunning)).length;
  if (counted < s.startupTrials || complete === 0) {
    let params = startupConfig(space, trialId, seed);
    for (let i = 0; i < 64 && used.has(params); i++) params = sampleConfig(space, rng);
    return { params, startup: true, parameters: [] };
  }
  const modelled = space.nodes.filter((n): n is NumericNode | ChoiceNode => n.kind !== 'constant');
  const sinceStartup = trialId - s.startupTrials;
  if (s.exploreEvery > 0 && modelled.length < s.exploreBelowDims && sinceStartup >= 0 && sinceStartup % s.exploreEvery === s.exploreEvery - 1) {
    // The model alone never looks far from its good trials: a narrow minimum elsewhere stays unseen (a 1-D
    // well far from a plateau: found in 20 of 40 seeds). So every few trials the start-up's space-filling
    // sequence continues where it stopped; in 1-4 parameters its points soon cover the whole space.
    const params = startupConfig(space, s.startupTrials + Math.floor(sinceStartup / s.exploreEvery), seed);
    if (!used.has(params)) return { params, startup: true, parameters: [] };
  }
  const stale = s.staleExplore;
  if (stale !== null && modelled.length < s.exploreBelowDims && sinceStartup >= 0 && trialId % stale.every === 0 && staleFor(observations, trialId, stale.tolerance) >= stale.stale) {
    // a converged search: a draw from the prior, where the next narrow minimum may lie (stale.ts)
    const draws = createRng(deriveSeed(seed, 'tpe-stale', trialId));
    for (let i = 0; i < 16; i++) {
      const params = sampleConfig(space, draws);
      if (!used.has(params)) return { params, startup: true, parameters: [] };
    }
  }
  const alwaysActive = modelled.filter((n) => n.condition === null);
  const alwaysActiveParams = alwaysActive.map(modelParam);
  // from here on the model is in use: running trials count with the values they will most likely report
  const believed = believePending(alwaysActiveParams, observations, s.pending.believer);
  const jointNodes = s.multivariate ? alwaysActive : [];
  const jointLabels = new Set(jointNodes.map((n) => n.label));
  const joint = jointNodes.length > 0 ? buildGroup(alwaysActiveParams, believed, s, rng, modelled.length) : null;
  const single = new Map<string, GroupModel>();
  const univariate = (node: NumericNode | ChoiceNode): GroupModel => {
    const cached = single.get(node.label);
    if (cached !== undefined) return cached;
    const model = buildGroup([modelParam(node)], believed, s, rng, modelled.length);
    single.set(node.label, model);
    return model;
  };

  const assemble = (jointChoice: number | null): { params: Config; traces: ParamTrace[] } => {
    const params: Config = {};
    const chosen = new Map<string, number>();
    const traces: ParamTrace[] = joint !== null && jointChoice !== null ? groupTraces(joint, jointChoice) : [];
    const jointValues = joint !== null && jointChoice !== null ? joint.candidates[jointChoice]?.values ?? [] : [];
    for (const node of space.nodes) {
      if (!isActive(node, chosen)) continue;
      if (node.kind === 'constant') {
        params[node.label] = node.value;
        continue;
      }
      let value;
      if (jointLabels.has(node.label)) value = jointValues[jointNodes.indexOf(node)] ?? null;
      else {
        const model = univariate(node);
        const best = model.ranking[0] ?? 0;
        value = model.candidates[best]?.values[0] ?? null;
        traces.push(...groupTraces(model, best));
      }
      params[node.label] = value;
      if (node.kind === 'choice') chosen.set(node.label, node.options.findIndex((o) => o.value === value));
    }
    return { params, traces };
  };

  const order: Array<number | null> = joint === null ? [null] : joint.ranking;
  for (const choice of order) {
    const { params, traces } = assemble(choice);
    if (!used.has(params)) return { params, startup: false, parameters: traces };
  }
  // Every candidate repeats an earlier trial (a small discrete space): fall back to the prior.
  for (let i = 0; i < 256; i++) {
    const params = sampleConfig(space, rng);
    if (!used.has(params)) return { params, startup: false, parameters: [] };
  }
  const { params, traces } = assemble(order[0] ?? null);
  return { params, startup: false, parameters: traces };
}
