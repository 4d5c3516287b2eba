import { envName, formatValue } from '../runner/index.js';
import type { Config } from '../study/types.js';
import { floatJson, floatLabelsAt } from '../util/float-json.js';
import { quoteArg } from './shell-words.js';

/** How `ask --format` and `show --params` print a trial's parameters for a script. */
export type AskFormat = 'json' | 'env' | 'args';

/**
 * The trial as a job script wants it: JSON, shell `export` lines (what `run` puts in the environment), or
 * flags (label=value words where the study passes them so), shell-quoted for `eval`. `retryOf`: the trial a re-run repeats (retry_of, HYPERTUNE_RETRY_OF), for a job that resumes its
 * checkpoint (loop/retry-env.ts).
 */
export function formatAsked(format: AskFormat, study: string, id: number, params: Config, floats: readonly string[] = [], labels: readonly string[] = [], made: number | null = null, retryOf: number | null = null, overrides = false): string {
  // a whole value of a float parameter written as run writes it (1.0)
  const text = (label: string, value: Config[string]): string => formatValue(value, floats.includes(label));
  if (format === 'json') return `${floatJson({ study, id, params, ...(made === null ? {} : { made }), ...(retryOf === null ? {} : { retry_of: retryOf }) }, floatLabelsAt(floats, ['params']))}\n`;
  // a null option leaves its flag out, as run's flags do, so the program's own default applies (`--heads=null` failed a typed flag)
  // `overrides`: the study passes label=value words (--pass args: Hydra, XGBoost), and a job script's words are those
  if (format === 'args') return `${Object.entries(params).filter(([, value]) => value !== null).map(([label, value]) => quoteArg(`${overrides ? '' : '--'}${label}=${text(label, value)}`)).join(' ')}\n`;
  const lines = [
    ['HYPERTUNE_STUDY', study],
    ['HYPERTUNE_TRIAL_ID', String(id)],
    // when the study was made: a tell from this job is refused by a study of that name made again since (tell.ts)
    ...(made === null ? [] : [['HYPERTUNE_STUDY_MADE', String(made)]]),
    ...(retryOf === null ? [] : [['HYPERTUNE_RETRY_OF', String(retryOf)]]),
    ['HYPERTUNE_PARAMS', floatJson(params, floatLabelsAt(floats))],
    ...Object.entries(params).map(([label, value]) => [envName(label), text(label, value)]),
  ];
  // a parameter of an option not chosen is unset: a loop that evals one trial after another must not keep the last one's
  const set = new Set(lines.map(([name]) => name));
  const inactive = [...new Set([...labels.filter((label) => !Object.hasOwn(params, label)).map(envName), 'HYPERTUNE_RETRY_OF'])].filter((name) => !set.has(name)).map((name) => `unset ${name}`);
  // every value quoted: the lines are meant for `eval`, and a value must never be read as shell syntax
  return [...lines.map(([name, value]) => `export ${name}='${(value ?? '').replace(/'/g, `'\\''`)}'`), ...inactive].join('\n') + '\n';
}
