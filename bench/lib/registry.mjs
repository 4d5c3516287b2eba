// Every benchmark problem by name, in three groups: the reference problems (anchors.csv,
// anchors_gp.csv), the shared second suite (suite2.csv) and our own (no anchors). The worker threads
// and the sections look problems up here, so a job names its problem and nothing else crosses threads.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSpace } from '../../dist/space/index.js';
import { sharedBenchDir } from './anchors.mjs';
import { crashProblems } from './crash-problems.mjs';
import { heldOutProblems } from './heldout.mjs';
import { probeProblems } from './heldout-probe.mjs';
import { probe2Problems } from './heldout-probe2.mjs';
import { ownProblems, referenceProblems } from './problems.mjs';

/** ../shared/bench/suite2.mjs (found the way the anchors are), its YAML spaces compiled; [] if absent. */
export async function loadSuite2() {
  const path = join(sharedBenchDir(), 'suite2.mjs');
  if (!existsSync(path)) return [];
  const { suite2 } = await import(pathToFileURL(path).href);
  return Object.entries(suite2).map(([name, p]) => ({ name, space: parseSpace(p.space, { file: `suite2.mjs: ${name}` }), f: p.f, minimum: p.min }));
}

/** { reference, suite2, own }: arrays of { name, space, f, minimum, observe? }. */
export async function loadProblemGroups() {
  return { reference: referenceProblems, suite2: await loadSuite2(), own: [...ownProblems, ...heldOutProblems, ...probeProblems, ...probe2Problems, ...crashProblems] };
}

/** Map name -> problem over all groups. */
export async function loadProblemMap() {
  const groups = await loadProblemGroups();
  return new Map(Object.values(groups).flat().map((p) => [p.name, p]));
}
