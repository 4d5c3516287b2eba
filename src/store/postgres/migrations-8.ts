// Schema versions 8 and on (after migrations-4-7.ts); later versions go on here.
export const MIGRATIONS_8: readonly string[] = [
  // 8: a study's time budget as last changed (`resume --time-budget`), so every worker and every later
  // resume runs by it; null changed_at: the budget the study was created with (its stored options)
  `
  ALTER TABLE hypertune_studies ADD COLUMN time_budget_s double precision, ADD COLUMN time_budget_changed_at bigint;
  `,
  // 9: an asked trial's lease (`hypertune ask --lease 4h`): not told by then (epoch ms), the next ask
  // takes it over and gives its parameters again; null: no lease, it waits for its tell
  `
  ALTER TABLE hypertune_trials ADD COLUMN lease_until bigint;
  `,
  // 10: a study's stop rule as last changed (`resume --patience 60`), so the workers already running
  // stop by it too; null changed_at: the rule the study was created with (its stored options)
  `
  ALTER TABLE hypertune_studies ADD COLUMN stop_at double precision, ADD COLUMN stop_patience integer,
    ADD COLUMN stop_min_delta double precision, ADD COLUMN stop_changed_at bigint;
  `,
  // 11: the folder a study's trials run in as last re-pointed (`resume --here`, a project moved or
  // cloned elsewhere); null: the folder it was started from (its stored options' cwd)
  `
  ALTER TABLE hypertune_studies ADD COLUMN start_folder text, ADD COLUMN start_folder_changed_at bigint;
  `,
  // 12: the other metrics a trial printed, recorded beside its result (`extra_metrics:`): a JSON object
  // of name -> last value; null: none asked for or none read
  `
  ALTER TABLE hypertune_trials ADD COLUMN extras jsonb;
  `,
  // 13: the other metrics a study records as last changed (a run or resume added some): a JSON array of
  // names; null: those it was created with (its stored options)
  `
  ALTER TABLE hypertune_studies ADD COLUMN extra_metrics jsonb, ADD COLUMN extra_metrics_changed_at bigint;
  `,
  // 14: the folder a trial's program ran in under `--cwd start`, as the worker that started it named it
  // (a worker that joined from another folder runs there); null: not recorded, the study's start folder
  `
  ALTER TABLE hypertune_trials ADD COLUMN cwd text;
  `,
];
