import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarise } from './parallel.mjs';

/** ../shared/bench/anchors.csv from the project's root (or $HYPERTUNE_BENCH_ANCHORS). */
export function anchorsPath() {
  return process.env.HYPERTUNE_BENCH_ANCHORS ?? fileURLToPath(new URL('../../../shared/bench/anchors.csv', import.meta.url));
}

/** Map "problem|method|trials" -> {median, q1, q3, n} of regret over seeds. */
export function loadAnchors(path = anchorsPath()) {
  if (!existsSync(path)) return null;
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = header.split(',');
  const at = (name) => cols.indexOf(name);
  const groups = new Map();
  for (const line of lines) {
    const cells = line.split(',');
    const key = `${cells[at('problem')]}|${cells[at('method')]}|${cells[at('trials')]}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(Number(cells[at('regret')]));
  }
  return new Map([...groups].map(([key, values]) => [key, summarise(values)]));
}

export const anchorMethods = [
  ['random', 'random'],
  ['hyperopt_tpe', 'hyperopt'],
  ['optuna_tpe', 'Optuna 3.1'],
  ['optuna_tpe_mv', 'Optuna 3.1 mv'],
  ['optuna5_tpe', 'Optuna 5.0'],
];
export const tpeAnchors = anchorMethods.filter(([m]) => m !== 'random').map(([m]) => m);
