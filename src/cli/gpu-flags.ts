import { UsageError } from '../errors.js';
import { GPU_ID } from './option-parsers.js';
import type { RunFlags } from './run-flags.js';

export const isVisible = (flags: Pick<RunFlags, 'gpus'>): boolean => flags.gpus?.length === 1 && flags.gpus[0] === 'visible';

/**
 * The GPU slots the flags give: one per id of --gpus, or with --gpus-per-trial N, its ids taken N at a
 * time, each group one trial's CUDA_VISIBLE_DEVICES (`0,1,2,3` by 2: `0,1` and `2,3`, for a trial
 * that trains on two GPUs, torchrun or DDP). Undefined when --gpus is not given.
 */
export function gpuSlots(given: Pick<RunFlags, 'gpus' | 'gpusPerTrial'>, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const per = given.gpusPerTrial;
  if (given.gpus === undefined) {
    if (per !== undefined) throw new UsageError('--gpus-per-trial groups the ids of --gpus: give both, e.g. --gpus 0,1,2,3 --gpus-per-trial 2');
    return undefined;
  }
  const flags = { gpus: given.gpus.length === 1 && given.gpus[0] === 'visible' ? visibleGpus(env) : given.gpus };
  if (per === undefined || per === 1) return flags.gpus;
  if (flags.gpus.length % per !== 0) {
    throw new UsageError(`--gpus-per-trial ${per} needs a multiple of ${per} GPU ids in --gpus (got ${flags.gpus.length}: ${flags.gpus.join(',')})`);
  }
  const groups = Array.from({ length: flags.gpus.length / per }, (_, i) => flags.gpus?.slice(i * per, (i + 1) * per) ?? []);
  const twice = groups.find((group) => new Set(group).size < group.length);
  if (twice !== undefined) throw new UsageError(`a trial's GPUs must differ: --gpus-per-trial ${per} makes the group ${twice.join(',')} of --gpus ${flags.gpus.join(',')}`);
  return groups.map((group) => group.join(','));
}

/**
 * `--gpus visible`: the GPUs this process was given, as a scheduler gives them (Slurm's --gres=gpu:N,
 * Kubernetes' device plugin, a shell's export): the ids in its own CUDA_VISIBLE_DEVICES, so that a job
 * script need not know which ones it got.
 */
function visibleGpus(env: NodeJS.ProcessEnv): string[] {
  const value = env['CUDA_VISIBLE_DEVICES']?.trim() ?? '';
  // set but empty is CUDA's "no GPU", not a variable missing (a user audit)
  if (env['CUDA_VISIBLE_DEVICES'] !== undefined && value === '') throw new UsageError('--gpus visible: this process sees no GPU to hand out (CUDA_VISIBLE_DEVICES is empty: no GPU)');
  if (value === '') {
    throw new UsageError('--gpus visible takes the ids in CUDA_VISIBLE_DEVICES, which is not set here (Slurm sets it for a job given --gres=gpu:N); give the ids instead, e.g. --gpus 0,1');
  }
  const ids = value.split(',').map((id) => id.trim());
  // Slurm writes NoDevFiles, and CUDA reads -1, for a job without GPUs
  if (ids.some((id) => id === 'NoDevFiles' || id === '-1' || !GPU_ID.test(id))) {
    throw new UsageError(`--gpus visible: this process sees no GPU to hand out (CUDA_VISIBLE_DEVICES=${value})`);
  }
  return ids;
}

/**
 * A note when --gpus names ids outside the CUDA_VISIBLE_DEVICES this process was given (a scheduler's):
 * each trial's own CUDA_VISIBLE_DEVICES replaces it, so those ids are other jobs' GPUs, or none.
 */
export function foreignGpusNote(flags: Pick<RunFlags, 'gpus'>, env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env['CUDA_VISIBLE_DEVICES']?.trim() ?? '';
  if (flags.gpus === undefined || isVisible(flags) || given === '') return null;
  const own = new Set(given.split(',').map((id) => id.trim()));
  const outside = flags.gpus.filter((id) => !own.has(id));
  if (outside.length === 0) return null;
  return `note: this process was given the GPUs ${given} (CUDA_VISIBLE_DEVICES), and --gpus hands out ${outside.join(',')} besides: ids are the machine's, so those are not this job's; --gpus visible takes its own`;
}
