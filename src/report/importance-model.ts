// Parameter importance from the trials alone misleads once a model-based sampler ran them: the GP
// crowds its trials into the best basin, so the best tenth looks like all of them in the parameters
// that matter, while parameters that do not matter drift with the later trials and look decisive
// (a user audit, session 45: an irrelevant parameter ranked first at 0.39, the one that mattered
// last at 0.03). Ranked instead over draws from the space by the GP's own prediction, PED-ANOVA asks
// where the best tenth of the space lies, which is what "what mattered" means, whoever chose the trials.
import { gpPicture, type GpOptions, type GpPicture, type OptimizerOptions } from '../engine/index.js';
import { sampleConfig } from '../space/sample.js';
import type { Config, Goal, Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { createRng } from '../util/rng.js';
import { computeImportance, type ParamImportance } from './importance.js';

/**
 * A picture, not an ask: no input warp, so that summary stays quicker (measured: 300 trials of 20
 * parameters 5.9 s with an ask's fit, 2.6 s with this one, on a machine loaded twice over; the ranking
 * the same). The fit takes what an ask's does, at most 300 trials: a cap of 150 written here was never
 * applied (maxFitted is no option), and applied (session 49) it ranked worse, the best half and the
 * newest half of a converged study all crowded at its optimum (a 330-trial study of five parameters
 * whose truth is y > x > lr: y 0.48, x 0.40, lr 0.12 with 300 rows, lr 0.53 first with 150). Typed,
 * so that an option the GP does not have is a compile error.
 * The output warp is the ask's choice here (the noise note reads this fit); importance ranks the
 * better orderer of it and the other of no warp and the log warp (importancePicture).
 */
const FAST_FIT: GpOptions = { inputWarp: false, inputWarpPruned: false };

/**
 * The picture the noise note and `show best --by model` read: of the runs that ran, failed trials left
 * out. In the study's picture a failure sits at the worst loss (the ask's way to keep off crash regions),
 * which raised the predicted loss of the best runs' own neighbourhood and named a truly worse trial best
 * (a user audit). Seeds 8000..8009, 60 trials, the pick truly better than the best measured trial
 * (docs/importance.md, "Failed trials and the pick"): with random failures 46 of 50 picks against 24 of
 * 46; with crash regions 29 of 33 against 23 of 35. Where nothing failed, the study's picture: `picture`
 * when the caller has made it, else fitted here.
 */
export function runsPicture(space: Space, trials: readonly TrialRecord[], goal: Goal, options: OptimizerOptions, picture?: GpPicture | null): GpPicture | null {
  if (trials.some((t) => t.state === 'failed')) return studyPicture(space, trials.filter((t) => t.state !== 'failed'), goal, options);
  return picture === undefined ? studyPicture(space, trials, goal, options) : picture;
}

/** Draws from the space the model is read at: PED-ANOVA's top tenth is then 205 of them. */
const DRAWS = 2048;

/** The GP's picture of the study as summary and the report read it (FAST_FIT); null while there is none. */
export function studyPicture(space: Space, trials: readonly TrialRecord[], goal: Goal, options: OptimizerOptions = {}): GpPicture | null {
  const modelled = space.nodes.filter((node) => node.kind !== 'constant').length;
  if (modelled > MAX_MODEL_PARAMS) return null;
  return gpPicture(space, trials, { ...options, goal, gp: { ...options.gp, ...FAST_FIT } });
}

/**
 * Draws from the space (as its distributions declare it, conditional branches included) with the GP's
 * predicted full-run loss, lower better; null when the GP has no model of the study yet.
 */
export function modelSurface(space: Space, picture: GpPicture | null): Array<{ params: Config; value: number }> | null {
  if (picture === null) return null;
  const rng = createRng('importance-draws');
  const configs = Array.from({ length: DRAWS }, () => sampleConfig(space, rng));
  const values = picture.predict(configs);
  return configs.map((params, i) => ({ params, value: values[i] as number }));
}

/** The GP reads a study of at most this many modelled parameters (auto's own limit, engine/auto.ts). */
export const MAX_MODEL_PARAMS = 64;

/**
 * Importance as summary and the report show it: on the GP's picture of the study where the GP can
 * take it (complete trials enough for a model, at most MAX_MODEL_PARAMS parameters), else on the
 * complete trials (docs/importance.md). `picture`: one made already (summary reads the noise from it too).
 */
export function studyImportance(space: Space, trials: readonly TrialRecord[], goal: Goal, options: OptimizerOptions = {}, picture = studyPicture(space, trials, goal, options)): ParamImportance[] {
  return computeImportance(space, trials, goal, { surface: modelSurface(space, importancePicture(space, trials, goal, options, picture)) });
}

/**
 * The fit importance ranks: of `picture` (the ask's output warp, chosen by the likelihood) and the same
 * fit under the other of no warp and the log warp, the one whose leave-one-out means order the trials
 * better (ties: no warp). The likelihood picks the log warp for a converged study's losses crowded at
 * their best, and that fit ranked a parameter that did nothing first (b 0.71 where the truth is a
 * 0.90); no warp instead lets one blown-up run bend the fit. Ranking is all PED-ANOVA asks of the
 * picture, so the fit is judged by how it ranks trials it has not seen (the importance screen,
 * docs/importance.md, "Choosing the output warp"). One more fit than the noise note's.
 */
export function importancePicture(space: Space, trials: readonly TrialRecord[], goal: Goal, options: OptimizerOptions, picture: GpPicture | null): GpPicture | null {
  if (picture === null) return null;
  const other = gpPicture(space, trials, { ...options, goal, gp: { ...options.gp, ...FAST_FIT, warp: picture.warp === 'none' ? 'log' : 'none' } });
  if (other === null) return picture;
  const [plain, warped] = picture.warp === 'none' ? [picture, other] : [other, picture];
  return warped.looRank() > plain.looRank() ? warped : plain;
}
