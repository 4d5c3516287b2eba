// Wall clock of pruning with real programs: ../shared/bench/curve-train.mjs (the curves_visible curve
// as a program, `epoch N val_loss=V` every --epoch-ms) through the built binary with --parallel 2, the
// same number of trials with and without a pruner. Target (issue 11): pruning finds a final loss at
// least as good, in at most half the wall time. Options: --trials N (default 40), --seeds N (default 3), --seed-offset K (default 0),
// --pruners a,b (default asha,hyperband,median), --epoch-ms N (default 20), --algo tpe|auto|gp (default tpe),
// --time-budget D: every study gets `--time-budget D` instead of --trials (the same time, not the same
// number of trials: what pruning is for; `trials` then counts what each ran). The wall time is broken
// down per trial from each trial's recorded duration: its epochs (steps reported x --epoch-ms), the
// rest of its duration (the program's overhead: Node's start-up, exit, timers firing late on a busy
// machine), and the tuner's share of the two slots' time outside any trial (2 x wall - the trials'
// durations: the tuner's start-up, asks, judging, store). --extra-ca-certs keep: the tuner and the
// program keep this machine's NODE_EXTRA_CA_CERTS, which costs every Node start 0.1 s of CPU (session
// 66: `node -e 0` 0.14 s with it, 0.04 s without), a fifth of a whole run's 0.54 s of epochs; left out
// by default, as a user's machine without a proxy has it (the scale section does the same).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedBenchDir } from '../lib/anchors.mjs';
import { curveFamilies } from '../lib/curve-families.mjs';
import { pairedCell, pairedRatio } from '../lib/paired.mjs';
import { fmt, summarise } from '../lib/parallel.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'hypertune.js');

export const name = 'prune-wall';
export const description = 'pruning with real programs: curve-train.mjs, --parallel 2, wall time and final loss, with and without a pruner';

function hypertune(args, cwd, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`hypertune exited ${code}: ${err.slice(-400)}`))));
  });
}

export async function run(args) {
  const trials = Number(args.trials ?? 40);
  const seeds = Number(args.seeds ?? 3);
  const seedOffset = Number(args['seed-offset'] ?? 0);
  const epochMs = String(args['epoch-ms'] ?? 20);
  const pruners = ['none', ...(args.pruners ?? 'asha,hyperband,median').split(',')];
  const algo = args.algo ?? 'tpe';
  const budget = args['time-budget'];
  // screens: --reduction-factor N, given to every pruner's runs
  const pruneFlags = args['reduction-factor'] === undefined ? [] : ['--reduction-factor', String(args['reduction-factor'])];
  const limit = budget === undefined ? ['--trials', String(trials)] : ['--time-budget', String(budget)];
  const family = curveFamilies[0];
  const extraCaCerts = args['extra-ca-certs'] ?? 'drop';
  const env = { ...process.env };
  if (extraCaCerts !== 'keep') delete env.NODE_EXTRA_CA_CERTS;
  const results = new Map(pruners.map((p) => [p, []]));
  for (let seed = seedOffset; seed < seedOffset + seeds; seed++) {
    // interleaved, so load changes on a shared machine hit every pruner alike
    for (const pruner of pruners) {
      const dir = mkdtempSync(join(tmpdir(), 'hypertune-prune-wall-'));
      try {
        writeFileSync(join(dir, 'space.yaml'), `${family.space}metric: val_loss\n`);
        const started = performance.now();
        await hypertune(['run', 'space.yaml', ...limit, '--parallel', '2', '--seed', String(seed), '--algo', algo, '--prune', pruner, ...(pruner === 'none' ? [] : pruneFlags), '--',
          process.execPath, join(sharedBenchDir(), 'curve-train.mjs'), '--epoch-ms', epochMs], dir, env);
        const wallS = (performance.now() - started) / 1000;
        const summary = JSON.parse(await hypertune(['summary', '--format', 'json'], dir, env));
        const best = summary.best === null ? null : summary.trials.find((t) => t.id === summary.best.id);
        const regret = best === null ? Infinity : family.curve(best.params)[family.epochs - 1] - family.minFinal;
        const ranS = summary.trials.reduce((sum, t) => sum + (t.duration_s ?? 0), 0);
        const epochs = summary.trials.reduce((sum, t) => sum + t.steps.length, 0);
        const epochS = (epochs * Number(epochMs)) / 1000;
        const perTrialMs = (seconds) => (1000 * seconds) / summary.trials.length;
        results.get(pruner).push({
          wallS, regret, pruned: summary.counts.pruned, epochs, trials: summary.trials.length,
          epochMs: perTrialMs(epochS), programMs: perTrialMs(ranS - epochS), tunerMs: perTrialMs(2 * wallS - ranS),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  console.log(`${budget === undefined ? `${trials} trials` : `--time-budget ${budget}`}, --parallel 2, --epoch-ms ${epochMs}, --algo ${algo}, seeds ${seedOffset}..${seedOffset + seeds - 1}; ${extraCaCerts === 'keep' ? 'with' : 'without'} NODE_EXTRA_CA_CERTS${process.env.NODE_EXTRA_CA_CERTS === undefined ? ' (not set here)' : ''}; medians (regret: noise-free final loss of the best trial minus the optimum).\n`);
  console.log('Per trial (ms of one of the two slots): epochs run (x --epoch-ms), the program\'s overhead (the rest of its duration: start-up, exit, late timers), the tuner (slot time outside trials).\n');
  console.log('Regret vs none, seed by seed: the geometric mean of the ratios, its 90 % interval, seeds better / worse.\n');
  console.log('| pruner | wall s | wall vs none | epochs vs none | regret | regret vs none, seed by seed | trials | pruned trials | epochs ms/trial | program overhead ms/trial | tuner ms/trial |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const median = (rows, key) => summarise(rows.map((r) => r[key])).median;
  const base = results.get('none');
  for (const pruner of pruners) {
    const rows = results.get(pruner);
    const ratio = (key) => (median(rows, key) / median(base, key)).toFixed(2);
    const ms = (key) => median(rows, key).toFixed(0);
    const paired = pruner === 'none' ? '' : pairedCell(pairedRatio(rows.map((r) => r.regret), base.map((r) => r.regret)));
    console.log(`| ${pruner} | ${median(rows, 'wallS').toFixed(1)} | ${ratio('wallS')} | ${ratio('epochs')} | ${fmt(median(rows, 'regret'))} | ${paired} | ${median(rows, 'trials')} | ${median(rows, 'pruned')} | ${ms('epochMs')} | ${ms('programMs')} | ${ms('tunerMs')} |`);
  }
}
