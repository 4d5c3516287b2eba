// What the GP's asks cost as the parameters grow: one `--algo gp` study per size on a bowl in d inputs
// (six matter, the rest barely), its asks and tells timed in this process, and the last ask. It set
// `auto.maxGpParams` (docs/gp.md, "Spaces of many parameters"). Options: --dims a,b (default
// 10,20,40,64,100), --trials N (default 100), --seed N (default 1).
import { createOptimizer } from '../../dist/engine/index.js';
import { parseSpace } from '../../dist/space/index.js';

export const name = 'gp-cost';
export const description = "the GP's optimizer time by the space's size";

function study(d, trials, seed) {
  const space = parseSpace(`params:\n${Array.from({ length: d }, (_, i) => `  x${i + 1}: uniform(0, 1)`).join('\n')}\n`);
  const optimizer = createOptimizer(space, { algo: 'gp', seed });
  let total = 0;
  let last = 0;
  for (let t = 0; t < trials; t++) {
    const started = performance.now();
    const { id, params } = optimizer.ask();
    last = performance.now() - started;
    let loss = 0;
    for (let i = 0; i < d; i++) loss += (i < 6 ? 1 : 0.01) * (params[`x${i + 1}`] - 0.3) ** 2;
    optimizer.tell(id, loss);
    total += performance.now() - started;
  }
  return { total, last };
}

export async function run(args) {
  const dims = (args.dims ?? '10,20,40,64,100').split(',').map(Number);
  const trials = Number(args.trials ?? 100);
  const seed = Number(args.seed ?? 1);
  console.log(`\n## gp-cost: one ${trials}-trial \`--algo gp\` study per size (seed ${seed}), asks and tells in this process\n`);
  console.log('| parameters | study s | s per parameter | last ask ms |');
  console.log('|---|---|---|---|');
  for (const d of dims) {
    const { total, last } = study(d, trials, seed);
    console.log(`| ${d} | ${(total / 1000).toFixed(1)} | ${(total / 1000 / d).toFixed(2)} | ${last.toFixed(0)} |`);
  }
  console.log('\n(the TPE asks in about 1 ms at any of these sizes; `auto` hands a space of more than `maxGpParams` (64) to it)');
}
