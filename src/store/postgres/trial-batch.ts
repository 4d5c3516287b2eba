import pg from 'pg';
import type { TrialEvent } from '../../study/events.js';
import { encodeJson } from '../event-codec.js';
import { StudyGoneError, type TrialWrite } from '../types.js';

const STUDY_GUARD = 'study_as_read';

type Literal = string | number | boolean | null;

/** A value as SQL text: strings escaped, non-finite numbers as float8 text ('NaN', 'Infinity'). */
function lit(value: Literal): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return `'${String(value)}'::float8`;
  return String(value);
}

/**
 * The statement that stores one event of a running trial. Guarded by `state = 'running'`: like
 * replay, an event for a finished trial changes nothing, and the statement can be repeated safely
 * after a lost reply (a lone intermediate value too; a run of several in one UPDATE would be kept twice).
 */
export function eventStatement(study: string, event: TrialEvent): string {
  const where = runningRow(study, event.id);
  switch (event.type) {
    case 'trial_started':
      return `UPDATE hypertune_trials SET started_at = ${lit(event.at)}, heartbeat_at = ${lit(event.at)}, worker = ${lit(event.worker)}, cwd = ${lit(event.cwd ?? null)} ${where}`;
    case 'trial_heartbeat':
      return `UPDATE hypertune_trials SET heartbeat_at = ${lit(event.at)}, worker = ${lit(event.worker)}${event.leaseUntil === undefined ? '' : `, lease_until = ${lit(event.leaseUntil)}`} ${where}`;
    case 'trial_intermediate': {
      // the same value at the same step as the last one stored is this write again, retried after its
      // reply was lost (a user audit: `tell --step` then kept it twice); the row still counts as matched
      const value = `${lit(event.value)}::float8`;
      const step = `${lit(event.step ?? null)}::float8`;
      const again = `(cardinality(steps) > 0 AND steps[cardinality(steps)] IS NOT DISTINCT FROM ${step} AND intermediate[cardinality(intermediate)] IS NOT DISTINCT FROM ${value})`;
      return (
        `UPDATE hypertune_trials SET intermediate = CASE WHEN ${again} THEN intermediate ELSE array_append(intermediate, ${value}) END, ` +
        `steps = CASE WHEN ${again} THEN steps ELSE array_append(steps, ${step}) END ${where}`
      );
    }
    case 'trial_finished':
      return (
        `UPDATE hypertune_trials SET state = ${lit(event.state)}, value = ${lit(event.value)}::float8, exit_code = ${lit(event.exitCode)}, ` +
        `error = ${lit(event.error)}, finished_at = ${lit(event.at)}${event.extras === undefined ? '' : `, extras = ${lit(encodeJson(event.extras))}::jsonb`} ${where}`
      );
  }
}

/** The row of a trial, while it runs. */
function runningRow(study: string, id: number): string {
  return `WHERE study = ${lit(study)} AND id = ${lit(id)} AND state = 'running'`;
}

/** A chunk of output as an INSERT; PostgreSQL text cannot hold NUL, which is dropped. */
function outputStatement(study: string, output: Extract<TrialWrite, { output: unknown }>['output']): string {
  const values = [study, output.trialId, output.stream, output.text.replaceAll('\0', '')].map(lit).join(', ');
  return `INSERT INTO hypertune_outputs (study, trial_id, stream, text) VALUES (${values})`;
}

/**
 * Store.appendBatch as one query string: the simple protocol runs its statements in one implicit
 * transaction and answers them in one reply, so a trial's finish, the values and start that waited
 * for it and its output cost one round trip. (Values go in as literals: the simple protocol takes no
 * parameters.) Returns the ids of the trials whose events found no running row, for the caller to
 * tell a finished trial (nothing to do, as replay would) from one that does not exist (a bug).
 */
export async function appendBatchOn(pool: pg.Pool, study: string, writes: readonly TrialWrite[], made: number | null = null): Promise<number[]> {
  const kept = writes.filter((write) => !('output' in write) || write.output.text !== '');
  if (kept.length === 0) return [];
  // the study as this process read it, or nothing is written: a study removed and made again under
  // its name took an old worker's heartbeats and output into its own trial 0 (a re-audit)
  // (the division by a CASE on the row, not `ELSE 1 / 0`, which the planner folds and raises always)
  const guard = made === null ? [] : [`SELECT 1 / (CASE WHEN (SELECT created_at FROM hypertune_studies WHERE name = ${lit(study)}) = ${lit(made)} THEN 1 ELSE 0 END) AS ${STUDY_GUARD}`];
  const statements = batchStatements(study, kept);
  const text = [...guard, ...statements.map((statement) => statement.text)].join(';\n');
  let reply: pg.QueryResult | pg.QueryResult[];
  try {
    reply = (await pool.query(text)) as pg.QueryResult | pg.QueryResult[];
  } catch (error) {
    if ((error as { code?: unknown }).code === '22012') throw new StudyGoneError(study);
    throw error;
  }
  const results = (Array.isArray(reply) ? reply : [reply]).slice(guard.length);
  const unmatched = new Set<number>();
  statements.forEach((statement, i) => {
    if (statement.id !== null && results[i]?.rowCount === 0) unmatched.add(statement.id);
  });
  return [...unmatched];
}

/**
 * One statement per write, but a run of one trial's values in one UPDATE: array_append rewrites the
 * whole array, so a log of 10,000 values told at once (`tell --log`) cost 50 s of the server's time
 * and held the trial's row meanwhile (a user audit). `id`: the trial an event's statement is for.
 */
function batchStatements(study: string, writes: readonly TrialWrite[]): Array<{ text: string; id: number | null }> {
  const out: Array<{ text: string; id: number | null }> = [];
  for (let i = 0; i < writes.length; i++) {
    const write = writes[i] as TrialWrite;
    if (!('event' in write)) {
      out.push({ text: outputStatement(study, write.output), id: null });
      continue;
    }
    const run: Array<Extract<TrialEvent, { type: 'trial_intermediate' }>> = [];
    for (let j = i; j < writes.length; j++) {
      const next = writes[j] as TrialWrite;
      if (!('event' in next) || next.event.type !== 'trial_intermediate' || next.event.id !== write.event.id) break;
      run.push(next.event);
    }
    if (run.length < 2) out.push({ text: eventStatement(study, write.event), id: write.event.id });
    else {
      const where = runningRow(study, write.event.id);
      const values = run.map((event) => `${lit(event.value)}::float8`).join(',');
      const steps = run.map((event) => `${lit(event.step ?? null)}::float8`).join(',');
      out.push({ text: `UPDATE hypertune_trials SET intermediate = intermediate || ARRAY[${values}], steps = steps || ARRAY[${steps}] ${where}`, id: write.event.id });
      i += run.length - 1;
    }
  }
  return out;
}

/** Which of these trial ids the study does not have (an event for a finished trial is ignored; for an absent one it is a bug). */
export async function absentTrials(pool: pg.Pool, study: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await pool.query<{ id: number }>('SELECT id FROM hypertune_trials WHERE study = $1 AND id = ANY($2::int[])', [study, [...ids]]);
  const present = new Set(found.rows.map((row) => row.id));
  return ids.filter((id) => !present.has(id));
}
