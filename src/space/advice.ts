// Notes on a space that is valid but probably not what its author meant. `check` and `run --dry-run`
// print them, `run` and `create` say them once when they make the study; none refuses the file.
import type { NumericNode, Space } from './types.js';

/**
 * From this ratio of high to low on, a uniform range is almost always a scale parameter (a learning
 * rate, a weight decay, a regularisation strength) written with the wrong family: uniform(1e-5, 0.1)
 * puts 90 % of its draws in the top decade and 0.01 % below 1e-4, so the TPE and random search rarely
 * try the small values, however good they are (bench/lib/heldout-probe4.mjs, uniform_lr3).
 */
const DECADES_RATIO = 1000;

/** A log-uniform range written as another tool's file writes it (docs/space.md). */
const FOREIGN_LOG: Record<string, (args: string, quantized: boolean) => string> = {
  hydra: (args) => `tag(log, interval(${args.split(', ').slice(0, 2).join(', ')}))`,
  wandb: (args, quantized) => `distribution: ${quantized ? 'q_log_uniform_values' : 'log_uniform_values'} (min and max as they are)`,
  katib: () => 'distribution: logUniform in its feasibleSpace',
};

/** One line per numeric parameter declared uniform over three or more decades of positive values. */
export function spaceAdvice(space: Space): string[] {
  const notes: string[] = [];
  for (const node of space.nodes) {
    if (node.kind !== 'numeric' || !spansDecades(node)) continue;
    const where = [space.file ?? '<space>', node.position.line, node.position.column].join(':');
    const low = node.low as number;
    const high = node.high as number;
    const decades = Math.round(Math.log10(high / low));
    const family = node.family === 'quniform' ? 'qloguniform' : 'loguniform';
    // another tool's file is answered in its own words (a user audit: a Hydra file was told loguniform(interval(...)
    const args = writtenArguments(node, space);
    const fix = FOREIGN_LOG[space.origin?.format ?? '']?.(args, node.family === 'quniform') ?? `${family}(${args})`;
    notes.push(
      `${where}: ${node.label}: ${node.family} over ${decades} decades draws ${shareOfTopDecade(low, high)} of its values from the top one; ` +
        `if a small value may be best (a learning rate, a weight decay), write ${fix}`,
    );
  }
  for (const node of space.nodes) if (node.kind === 'numeric') notes.push(...offGridBounds(node, space), ...oneInteger(node, space));
  const fixed = nothingToTune(space);
  if (fixed !== null) notes.push(fixed);
  return notes;
}

/**
 * A space of constants only (or choices of one option): every trial gets the same values, which ran
 * N identical trials without a word (a user audit, "large spaces"). Trials then measure only how much
 * the program's result varies run to run, which may be meant; so a note, and the study goes on.
 */
function nothingToTune(space: Space): string | null {
  if (space.nodes.some((node) => node.kind !== 'constant' && !(node.kind === 'choice' && node.options.length === 1))) return null;
  const what = space.nodes.length === 0 ? 'no parameters' : 'only constants' + (space.nodes.some((node) => node.kind === 'choice') ? ' and choices of one option' : '');
  return `${space.file ?? '<space>'}: nothing to tune (the space has ${what}): every trial gets the same values, so more than one trial only measures how much the program's result varies from run to run`;
}

/**
 * randint(0, 1) draws 0 only: its upper bound is left out, as hyperopt's and numpy's are, where Optuna's
 * suggest_int(0, 1) is a switch (a re-audit saw `integer 0..0` in check without a word).
 */
function oneInteger(node: NumericNode, space: Space): string[] {
  if (node.family !== 'randint' || node.low === null || node.low !== node.high) return [];
  const where = [space.file ?? '<space>', node.position.line, node.position.column].join(':');
  return [`${where}: ${node.label}: randint leaves out its upper bound, so every trial gets ${node.low}: for ${node.low} and ${node.low + 1} write randint(${node.low}, ${node.low + 2}) or choice(${node.low}, ${node.low + 1})`];
}

/** Where hyperopt's round(x / q) * q can give a multiple beyond the bounds (0 for quniform(1, 10, 3)), that it is kept within them. */
function outside(low: number, high: number, q: number): string {
  const beyond = [Math.round(low / q) * q, Math.round(high / q) * q].filter((v) => v < low - 1e-12 || v > high + 1e-12);
  if (beyond.length === 0) return ", as hyperopt's does";
  return `, kept within the bounds (hyperopt's rounding also gives ${beyond.map((v) => String(Number(v.toPrecision(12)))).join(' and ')} now and then)`;
}

/**
 * quniform(1, 10, 3) takes 3, 6 and 9, multiples of q as hyperopt's: its bounds are never drawn, where
 * Optuna's suggest_int(1, 10, step=3) steps from low (1, 4, 7, 10; a user audit). hyperopt's rounding
 * also gives 0 now and then, below low; hypertune keeps to the bounds (a hyperopt user's audit).
 */
function offGridBounds(node: NumericNode, space: Space): string[] {
  if ((node.family !== 'quniform' && node.family !== 'qloguniform') || node.q === null || node.low === null || node.high === null) return [];
  const { q, low, high } = node;
  const onGrid = (value: number): boolean => Math.abs(value / q - Math.round(value / q)) < 1e-9;
  const off = [low, high].filter((bound) => !onGrid(bound));
  if (off.length === 0) return [];
  const first = Math.ceil(low / q - 1e-9);
  const last = Math.floor(high / q + 1e-9);
  const count = last - first + 1;
  const values = count <= 0 ? 'no value' : count <= 6 ? Array.from({ length: count }, (_, i) => String(Number(((first + i) * q).toPrecision(12)))).join(', ') : `${Number((first * q).toPrecision(12))} to ${Number((last * q).toPrecision(12))} in steps of ${q}`;
  const where = [space.file ?? '<space>', node.position.line, node.position.column].join(':');
  return [`${where}: ${node.label}: ${node.family}(${writtenArguments(node, space)}) takes multiples of ${q} only (${values})${outside(low, high, q)}: ${off.join(' and ')} ${off.length === 1 ? 'is' : 'are'} never drawn; write bounds that are multiples of ${q} to say so`];
}

function spansDecades(node: NumericNode): boolean {
  if (node.family !== 'uniform' && node.family !== 'quniform') return false;
  if (node.low === null || node.high === null || node.integer) return false;
  // the tolerance keeps 0.01 / 0.00001 (999.9999999999999 in floating point) at three decades
  return node.low > 0 && node.high / node.low >= DECADES_RATIO * (1 - 1e-9);
}

/** The share of a uniform draw that falls in [high / 10, high], as a whole percentage. */
function shareOfTopDecade(low: number, high: number): string {
  return `${Math.floor((100 * (high - high / 10)) / (high - low))} %`;
}

/**
 * A numeric parameter's arguments as its file writes them (`1e-5`, not `0.00001`), else as normalised.
 * Another tool's file (a W&B sweep, a Hydra config, a Katib experiment) writes them in its own words,
 * which are no family's arguments: normalised.
 */
export function writtenArguments(node: NumericNode, space: Pick<Space, 'text' | 'origin'>): string {
  if (space.origin !== undefined) return node.args.join(', ');
  const line = space.text.split(/\r?\n/)[node.position.line - 1] ?? '';
  const written = /^[A-Za-z_][A-Za-z0-9_]*\s*\(([^)]*)\)/.exec(line.slice(node.position.column - 1));
  return written?.[1]?.trim() ?? node.args.join(', ');
}
