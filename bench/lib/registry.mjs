// Every benchmark problem by name, in five groups: the reference problems (anchors.csv,
// anchors_gp.csv), the shared second suite (suite2.csv), our own (no anchors) and the conditional
// spaces (no anchors; `conditional` is in `own` too), and real training (real-training.mjs), seeded and not. The worker threads and the sections look problems
// up here, so a job names its problem and nothing else crosses threads.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSpace } from '../../dist/space/index.js';
import { sharedBenchDir } from './anchors.mjs';
import { crashProblems } from './crash-problems.mjs';
import { conditionalJob, conditionalProblems } from './conditional-problems.mjs';
import { heldOutProblems } from './heldout.mjs';
import { probeProblems } from './heldout-probe.mjs';
import { probe2Problems } from './heldout-probe2.mjs';
import { probe3Problems } from './heldout-probe3.mjs';
import { probe4Problems } from './heldout-probe4.mjs';
import { probe5Problems } from './heldout-probe5.mjs';
import { probe6Problems } from './heldout-probe6.mjs';
import { noiseProblems } from './noise-problems.mjs';
import { ownProblems, referenceProblems } from './problems.mjs';
import { trainingProblems, unseededProblems } from './real-training.mjs';

/** ../shared/bench/suite2.mjs (found the way the anchors are), its YAML spaces compiled; [] if absent. */
export async function loadSuite2() {
  const path = join(sharedBenchDir(), 'suite2.mjs');
  if (!existsSync(path)) return [];
  const { suite2 } = await import(pathToFileURL(path).href);
  return Object.entries(suite2).map(([name, p]) => ({ name, space: parseSpace(p.space, { file: `suite2.mjs: ${name}` }), f: p.f, minimum: p.min }));
}

/** { reference, suite2, own, conditional, training, unseeded }: arrays of { name, space, f, minimum, observe? }; a problem may sit in two. */
export async function loadProblemGroups() {
  const own = [...ownProblems, ...heldOutProblems, ...probeProblems, ...probe2Problems, ...crashProblems, ...probe3Problems, ...probe4Problems, ...probe5Problems, ...probe6Problems, ...noiseProblems];
  const conditional = [ownProblems.find((p) => p.name === 'conditional'), conditionalJob, ...conditionalProblems];
  return { reference: referenceProblems, suite2: await loadSuite2(), own, conditional, training: trainingProblems, unseeded: unseededProblems };
}

/** Every problem of the groups once (`conditional` sits in `own` and in `conditional`). */
export const distinctProblems = (groups) => [...new Map(Object.values(groups).flat().map((p) => [p.name, p])).values()];

/** Map name -> problem over all groups. */
export async function loadProblemMap() {
  const groups = await loadProblemGroups();
  return new Map(distinctProblems(groups).map((p) => [p.name, p]));
}
