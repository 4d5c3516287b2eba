// `--algo auto`: which sampler proposes the next trial (docs/gp.md, "auto"). The GP is the most
// sample-efficient on small spaces, conditional ones included (docs/gp.md, "Conditional spaces"); the
// TPE takes spaces of many parameters and long studies, where a GP's n^3 cost would make each ask slow.
import type { Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { encodeSpace } from './gp/encode.js';
import { fullRunSteps } from './gp/fidelity.js';
import { resolveGp } from './gp/settings.js';
import type { AutoOptions, GpOptions } from './types.js';

// maxGpParams: on ten spaces of 24 to 64 parameters the GP ended ahead of the TPE or level in every
// cell (25 of 30 decidedly), at about 0.3 s of asks per parameter and 100 trials (docs/gp.md, "Spaces of
// many parameters"); 20, the limit before session 40, had never been measured
export const AUTO_DEFAULTS: Required<AutoOptions> = { maxGpParams: 64, maxGpTrials: 200, conditional: 'gp' };

/** Why auto picks what it picks, for explain and the docs. `runSteps`: the declared full run (`max_steps`), if any. */
export function autoReason(space: Space, history: readonly TrialRecord[], options: AutoOptions = {}, gp: GpOptions = {}, runSteps: number | null = null): { sampler: 'gp' | 'tpe'; reason: string } {
  const maxParams = options.maxGpParams ?? AUTO_DEFAULTS.maxGpParams;
  const maxTrials = options.maxGpTrials ?? AUTO_DEFAULTS.maxGpTrials;
  const encoding = encodeSpace(space);
  const conditional = encoding.tree !== undefined;
  if (conditional && (options.conditional ?? AUTO_DEFAULTS.conditional) === 'tpe') return { sampler: 'tpe', reason: 'the space has conditional parameters' };
  if (encoding.inputs.length > maxParams) return { sampler: 'tpe', reason: `the space has ${encoding.inputs.length} parameters (the GP takes up to ${maxParams})` };
  // one pass: this runs at every ask
  let [complete, pruned, failed] = [0, 0, 0];
  for (const t of history) {
    if (t.state === 'complete') complete += 1;
    else if (t.state === 'pruned') pruned += 1;
    else if (t.state === 'failed') failed += 1;
  }
  // docs/pruning.md: the GP learns from pruned trials when it knows how long a full run is (it then
  // takes the share of a run each reached as one more input); without that, the TPE learns better
  const fullKnown = fullRunSteps(history, runSteps) !== null;
  const byFidelity = resolveGp(gp).pruned.startsWith('fidelity');
  if (pruned > 0 && !(byFidelity && fullKnown)) {
    const why = byFidelity ? 'no complete trial has shown how long a full run is and max_steps is not set' : 'the TPE learns better from them';
    return { sampler: 'tpe', reason: `${pruned} trial${pruned === 1 ? ' was' : 's were'} pruned and ${why}` };
  }
  // pruned trials count: each is a row of the GP's fit, and a pruned study runs three to five times the
  // trials (docs/pruning.md: past 200, asks took seconds and the TPE ended no worse); failed ones too,
  // rows of the fit as well (150 complete and 400 failed trials: 6 s of CPU per ask; a user audit)
  const finished = complete + pruned + failed;
  if (finished >= maxTrials) return { sampler: 'tpe', reason: `${finished} trials are complete, failed or pruned (the GP takes up to ${maxTrials})` };
  return { sampler: 'gp', reason: `${encoding.inputs.length} parameters, ${conditional ? 'some conditional' : 'none conditional'}, ${complete} complete trials` };
}

export function chooseSampler(space: Space, history: readonly TrialRecord[], options: AutoOptions = {}, gp: GpOptions = {}, runSteps: number | null = null): 'gp' | 'tpe' {
  return autoReason(space, history, options, gp, runSteps).sampler;
}
