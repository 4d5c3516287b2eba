// The machine's own share of the `scale` figures: the same fixed work (this build's engine loaded, a
// 20-trial TPE study on the scale space, in-process: the CPU a worker spends outside the server and the
// trial programs) run by one process alone, then by N processes at once. On a small machine N
// processes at once each take more CPU for identical work (caches, scheduling), and that share of a
// worker's CPU per trial at N workers is the machine's, not the design's.
import { spawn } from 'node:child_process';

const JOB = `
const [engine, space] = await Promise.all([import(process.argv[1] + '/dist/engine/index.js'), import(process.argv[1] + '/dist/space/index.js')]);
const parsed = space.parseSpace(${JSON.stringify('metric: loss\nparams:\n  x: uniform(-1, 1)\n  y: loguniform(0.001, 1)\n  z: choice(a, b, c)\n')});
const opt = engine.createOptimizer(parsed, { algo: 'tpe', seed: 1 });
for (let i = 0; i < 20; i++) { const a = opt.ask(); opt.tell(a.id, Number(a.params.x)); }
const cpu = process.cpuUsage();
process.stdout.write(String((cpu.user + cpu.system) / 1000));
`;

function job(root, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', JOB, root], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(Number(out)) : reject(new Error(`control job exited ${code}`))));
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Per N, the ratio of the median CPU per process with N at once to the median of the runs alone, taken
 * within each round (3 alone, one after another, then N at once) and its median over the rounds: the
 * machine drifts by a quarter between minutes (the runs alone gave 278-358 ms medians in three batches
 * here), so the two sides of a ratio are measured close together.
 */
export async function controlCpu(root, env, counts, { rounds = 3 } = {}) {
  const ratios = new Map(counts.map((n) => [n, []]));
  const alone = [];
  for (let r = 0; r < rounds; r++) {
    for (const n of counts) {
      const single = [];
      for (let i = 0; i < 3; i++) single.push(await job(root, env));
      const together = await Promise.all(Array.from({ length: n }, () => job(root, env)));
      alone.push(...single);
      ratios.get(n).push(median(together) / median(single));
    }
  }
  return { aloneMs: median(alone), rows: counts.map((n) => ({ processes: n, ratio: median(ratios.get(n)), spread: [Math.min(...ratios.get(n)), Math.max(...ratios.get(n))] })) };
}
