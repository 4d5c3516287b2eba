import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { settingsFromStored, type RunSettings } from '../loop/index.js';
import { checkConfigLabels, configCopyName, configFileText, type ConfigBase } from '../runner/index.js';
import type { Space } from '../space/types.js';
import type { Config } from '../study/types.js';
import { studyStartFolder, type StudyState } from '../study/replay.js';
import { storedSpace } from './study-store.js';

/**
 * The files a trial's parameters are written to must reach the program: a `{params_file}` or
 * `{config_file}` in the command without its option would reach it as that literal text, and a
 * `--config-file` whose copy the command does not name would leave every trial on the file's own
 * values, a study that tunes nothing, unless each trial runs in its own folder, where the copy lies
 * under the file's own name.
 */
export function checkFileWords(settings: Pick<RunSettings, 'pass' | 'configFile' | 'cwdMode'>, words: readonly string[]): void {
  const named = (placeholder: string): boolean => words.some((word) => word.includes(`{${placeholder}}`));
  if (settings.pass !== 'json-file' && named('params_file')) {
    throw new UsageError('{params_file} names the file that --pass json-file writes the parameters to: add --pass json-file');
  }
  if (settings.configFile === null && named('config_file')) {
    throw new UsageError("{config_file} names each trial's copy of the file --config-file gives, its parameters written in: add --config-file (e.g. --config-file config.yaml)");
  }
  if (settings.configFile !== null && settings.cwdMode !== 'trial' && !named('config_file')) {
    const file = settings.configFile;
    throw new UsageError(
      `--config-file ${file}: name each trial's copy of it in the command with {config_file} (e.g. -- python train.py --config {config_file}), or run each trial in its own folder (--cwd trial), where the copy is ${configCopyName(file)}`,
    );
  }
}

/**
 * `--config-file`'s file, read from the folder the trials start in and checked against the space's
 * labels before any trial runs (each must name a value of the file); undefined without the option.
 */
export async function readConfigBase(settings: Pick<RunSettings, 'configFile'>, space: Space, spaceName: string, folder: string): Promise<ConfigBase | undefined> {
  return settings.configFile === null ? undefined : await configBaseAt(settings.configFile, space, spaceName, folder);
}

async function configBaseAt(name: string, space: Space, spaceName: string, folder: string): Promise<ConfigBase> {
  if (!/\.(ya?ml|json)$/i.test(name)) throw new UsageError(`--config-file ${name}: give a YAML or JSON file (.yaml, .yml or .json), whose values the parameters are written over`);
  let text: string;
  try {
    text = await readFile(resolve(folder, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
    throw new UsageError(`--config-file ${name}: ${why}${name.startsWith('/') ? '' : ` (in ${folder}, where the trials start)`}`);
  }
  const base = { name, text };
  checkConfigLabels(base, space.nodes.map((node) => ({ label: node.label, line: node.position.line })), spaceName);
  return base;
}

/**
 * `show <trial> --params config`: the trial's copy of the study's config file, made again from the file
 * as it is now in the study's start folder (the copy itself stays on the machine that ran the trial), for
 * a final run with the best configuration (`hypertune show best --params config > best.yaml`).
 */
export async function trialConfigText(state: StudyState, study: string, params: Config, floats: readonly string[]): Promise<string> {
  const space = storedSpace(state.meta);
  const settings = settingsFromStored(state.meta.options, space);
  const folder = studyStartFolder(state);
  if (settings.configFile === null) throw new UsageError(`--params config prints a trial's copy of the study's --config-file, and study ${study} was run without one: give json, env or args`);
  return configFileText(await configBaseAt(settings.configFile, space, `study ${study}'s space`, folder ?? process.cwd()), params, floats);
}
