// The figures to beat, from ../shared/bench/: anchors.csv (the four reference problems), anchors_gp.csv
// (Optuna 5's GP on them) and suite2.csv (the second suite). All three share one set of columns:
// problem,method,seed,trials,best,regret,run_wall_s.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from './parallel.mjs';

/** ../shared/bench/anchors.csv from the project's root (or $HYPERTUNE_BENCH_ANCHORS). */
export function anchorsPath() {
  return process.env.HYPERTUNE_BENCH_ANCHORS ?? fileURLToPath(new URL('../../../shared/bench/anchors.csv', import.meta.url));
}

/** The shared bench directory: the one anchors.csv is in, so that $HYPERTUNE_BENCH_ANCHORS moves all of it. */
export function sharedBenchDir() {
  return dirname(anchorsPath());
}

/** Every anchor file that exists, anchors.csv first. */
export function anchorFiles() {
  const dir = sharedBenchDir();
  return [anchorsPath(), join(dir, 'anchors_gp.csv'), join(dir, 'suite2.csv')].filter((path) => existsSync(path));
}

// The files have CRLF line ends (written on another machine): split on either, trim every cell.
function readRows(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',').map((c) => c.trim());
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.trim());
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
  });
}

/**
 * Map "problem|method|trials" -> {median, q1, q3, n} of regret over seeds, from every anchor file
 * (or the given paths). Null when none exists.
 */
export function loadAnchors(paths = anchorFiles()) {
  const list = typeof paths === 'string' ? [paths] : paths;
  const rows = list.filter((path) => existsSync(path)).flatMap(readRows);
  if (rows.length === 0) return null;
  const groups = new Map();
  for (const row of rows) {
    const key = `${row.problem}|${row.method}|${row.trials}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(Number(row.regret));
  }
  return new Map([...groups].map(([key, values]) => [key, summarise(values)]));
}

/** Map "problem|method" -> median run_wall_s over seeds (each seed's run counted once, not once per checkpoint). */
export function loadAnchorWalls(paths = anchorFiles()) {
  const perSeed = new Map();
  for (const row of paths.filter((path) => existsSync(path)).flatMap(readRows)) {
    const wall = Number(row.run_wall_s);
    if (Number.isFinite(wall)) perSeed.set(`${row.problem}|${row.method}|${row.seed}`, { key: `${row.problem}|${row.method}`, wall });
  }
  const groups = new Map();
  for (const { key, wall } of perSeed.values()) {
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(wall);
  }
  return new Map([...groups].map(([key, walls]) => [key, summarise(walls)]));
}

// The `tpe` section's anchor columns (anchors.csv only has these).
export const anchorMethods = [
  ['random', 'random'],
  ['hyperopt_tpe', 'hyperopt'],
  ['optuna_tpe', 'Optuna 3.1'],
  ['optuna_tpe_mv', 'Optuna 3.1 mv'],
  ['optuna5_tpe', 'Optuna 5.0'],
];
export const tpeAnchors = anchorMethods.filter(([m]) => m !== 'random').map(([m]) => m);

/** Every anchor method of the three files, in column order. */
export const allAnchorMethods = [...anchorMethods, ['optuna5_gp', 'Optuna 5 GP']];
/** The methods "best anchor of any method" ranges over (the targets leave random search out). */
export const bestAnchorMethods = allAnchorMethods.filter(([m]) => m !== 'random').map(([m]) => m);
