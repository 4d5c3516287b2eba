// Ray Tune's progress.csv (and the per-iteration frames made from it) holds one row per reported
// iteration, each with the trial's whole config: read row by row, every epoch became a complete trial
// of its own (a user audit, Optuna/Ray migration: 3 Ray trials added as 13 results).
import type { RawRecord } from '../space/records.js';

/** How many rows were folded into how many trials; null when the file has no such rows. */
export interface FoldedRows {
  rows: number;
  trials: number;
}

const TRIAL = 'trial_id';
const ITERATION = 'training_iteration';

/**
 * Rows that share a `trial_id` and carry a `training_iteration` are one Ray trial's iterations: only
 * its last (the highest iteration, the later row on a tie) is kept, as Ray's own best result is read at
 * scope "last". Files with one row per trial (`ResultGrid.get_dataframe()`) come back as they are.
 */
export function lastRowPerTrial(records: readonly RawRecord[]): { records: RawRecord[]; folded: FoldedRows | null } {
  const keyOf = (record: RawRecord): string | null => {
    const id = record.fields[TRIAL];
    return record.fields[ITERATION] === undefined || id === undefined || id === null || id === '' ? null : String(id);
  };
  const iteration = (record: RawRecord): number => {
    const n = Number(record.fields[ITERATION]);
    return Number.isFinite(n) ? n : -Infinity;
  };
  const last = new Map<string, RawRecord>();
  for (const record of records) {
    const key = keyOf(record);
    if (key === null) continue;
    const held = last.get(key);
    if (held === undefined || iteration(record) >= iteration(held)) last.set(key, record);
  }
  const grouped = records.filter((record) => keyOf(record) !== null).length;
  if (grouped === last.size) return { records: [...records], folded: null };
  // each trial where its first row was, so the trials keep the file's order
  const placed = new Set<string>();
  const out: RawRecord[] = [];
  for (const record of records) {
    const key = keyOf(record);
    if (key === null) out.push(record);
    else if (!placed.has(key)) {
      placed.add(key);
      out.push(last.get(key) as RawRecord);
    }
  }
  return { records: out, folded: { rows: grouped, trials: last.size } };
}
