// `gp` studies that `auto` has already run. Under its defaults `auto` hands every ask after the
// start-up trials to the GP on spaces of at most 64 parameters, up to 200 trials: there a `gp` study of
// the same seed is the `auto` study, ask for ask, and running it again doubled the benchmark's longest
// part (a 200-trial GP study takes about 45 s of CPU). So a `gp` study runs only where the `auto`
// study of its seed used another sampler (the TPE) or failed; the others take the `auto` study's
// results. That the two are the same is checked, not assumed: the first seed of every problem runs
// both, and a problem whose two studies differ there runs every `gp` study.

const GP_THROUGHOUT = (result) => result.error === null && result.samplers.every((s) => s === 'startup' || s === 'gp');
const key = (job) => `${job.problem}\u0000${job.seed}`;
const sameRegrets = (a, b) => JSON.stringify(a.regrets) === JSON.stringify(b.regrets);

/**
 * Runs `jobs` through `run` (jobs -> results), sparing the `gp` studies `auto` already ran when both
 * methods are in `jobs`. Returns the results of every job, in no particular order, and one line that
 * says how many `gp` studies were `auto`'s (null when none could be).
 */
export async function runFoldingGp(jobs, firstSeed, run) {
  const plain = (job) => job.versus !== true;
  const foldable = jobs.some((j) => plain(j) && j.method === 'auto') && jobs.some((j) => plain(j) && j.method === 'gp');
  if (!foldable) return { results: await run(jobs), note: null };
  const deferred = jobs.filter((j) => plain(j) && j.method === 'gp' && j.seed !== firstSeed);
  const first = await run(jobs.filter((j) => !deferred.includes(j)));
  const autoBy = new Map(first.filter((r) => plain(r) && r.method === 'auto').map((r) => [key(r), r]));
  const gpChecks = first.filter((r) => plain(r) && r.method === 'gp');
  // per problem: did its first seed show the two studies identical (null: auto was not the GP throughout there)
  const check = new Map();
  for (const gp of gpChecks) {
    const auto = autoBy.get(key(gp));
    check.set(gp.problem, auto === undefined || !GP_THROUGHOUT(auto) ? null : sameRegrets(auto, gp));
  }
  const folded = [];
  const rest = [];
  for (const job of deferred) {
    const auto = autoBy.get(key(job));
    if (check.get(job.problem) === true && auto !== undefined && GP_THROUGHOUT(auto)) {
      folded.push({ ...job, regrets: auto.regrets, optimizerMs: auto.optimizerMs, error: null, samplers: auto.samplers, folded: true });
    } else rest.push(job);
  }
  const second = rest.length > 0 ? await run(rest) : [];
  const checked = [...check.values()].filter((v) => v !== null);
  const differing = [...check.entries()].filter(([, v]) => v === false).map(([p]) => p);
  const gpCount = jobs.filter((j) => plain(j) && j.method === 'gp').length;
  const note =
    `gp: ${folded.length} of ${gpCount} studies are auto's own (auto proposed with the GP after its start-up throughout; ` +
    `checked on seed ${firstSeed}: the two identical on ${checked.length - differing.length} of ${checked.length} problems` +
    `${differing.length > 0 ? `, **different on ${differing.join(', ')}**, whose gp studies all ran` : ''}).`;
  return { results: [...first, ...folded, ...second], note };
}
