import { readdirSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { GPU_ID } from './option-parsers.js';
import type { RunFlags } from './run-flags.js';

/** The names in /dev, for a container's GPU device files; none where it cannot be read. */
function devNames(): string[] {
  try {
    return readdirSync('/dev');
  } catch {
    return [];
  }
}

export const isVisible = (flags: Pick<RunFlags, 'gpus'>): boolean => flags.gpus?.length === 1 && flags.gpus[0] === 'visible';

/**
 * The GPU slots the flags give: one per id of --gpus, or with --gpus-per-trial N, its ids taken N at a
 * time, each group one trial's CUDA_VISIBLE_DEVICES (`0,1,2,3` by 2: `0,1` and `2,3`, for a trial
 * that trains on two GPUs, torchrun or DDP). Undefined when --gpus is not given.
 */
export function gpuSlots(given: Pick<RunFlags, 'gpus' | 'gpusPerTrial'>, env: NodeJS.ProcessEnv = process.env, deviceFiles: () => string[] = devNames): string[] | undefined {
  const per = given.gpusPerTrial;
  if (given.gpus === undefined) {
    if (per !== undefined) throw new UsageError('--gpus-per-trial groups the ids of --gpus: give both, e.g. --gpus 0,1,2,3 --gpus-per-trial 2');
    return undefined;
  }
  const flags = { gpus: given.gpus.length === 1 && given.gpus[0] === 'visible' ? visibleGpus(env, deviceFiles) : given.gpus };
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
 * Kubernetes' device plugin, a shell's export), so that a job script need not know which ones it got:
 * the ids in its own CUDA_VISIBLE_DEVICES, else (in a container) what NVIDIA_VISIBLE_DEVICES says.
 */
function visibleGpus(env: NodeJS.ProcessEnv, deviceFiles: () => string[]): string[] {
  const value = env['CUDA_VISIBLE_DEVICES']?.trim() ?? '';
  // set but empty is CUDA's "no GPU", not a variable missing (a user audit)
  if (env['CUDA_VISIBLE_DEVICES'] !== undefined && value === '') throw new UsageError('--gpus visible: this process sees no GPU to hand out (CUDA_VISIBLE_DEVICES is empty: no GPU)');
  if (value === '') {
    const container = containerGpus(env['NVIDIA_VISIBLE_DEVICES']?.trim() ?? '', deviceFiles);
    if (container !== null) return container;
    throw new UsageError('--gpus visible takes the ids in CUDA_VISIBLE_DEVICES, which is not set here (Slurm sets it for a job given --gres=gpu:N; in a container, NVIDIA_VISIBLE_DEVICES); give the ids instead, e.g. --gpus 0,1');
  }
  const ids = value.split(',').map((id) => id.trim());
  // Slurm writes NoDevFiles, and CUDA reads -1, for a job without GPUs
  if (ids.some((id) => id === 'NoDevFiles' || id === '-1' || !GPU_ID.test(id))) {
    throw new UsageError(`--gpus visible: this process sees no GPU to hand out (CUDA_VISIBLE_DEVICES=${value})`);
  }
  return ids;
}

/**
 * The GPUs of a container the NVIDIA runtime made (Kubernetes' device plugin, `docker run --gpus`):
 * it shows the container the GPUs NVIDIA_VISIBLE_DEVICES names (host indices or UUIDs) and leaves
 * CUDA_VISIBLE_DEVICES unset, and CUDA numbers what it sees from 0, so the container's ids are 0..n-1
 * (a user audit: the documented device plugin was refused). `all`, or the device plugin's
 * volume-mounts path, names no count: the container's /dev/nvidiaN files give it. Null when unset.
 */
function containerGpus(value: string, deviceFiles: () => string[]): string[] | null {
  if (value === '') return null;
  // void: no NVIDIA runtime for this container; none: its driver but no GPU
  if (value === 'void' || value === 'none') throw new UsageError(`--gpus visible: this process sees no GPU to hand out (NVIDIA_VISIBLE_DEVICES=${value})`);
  const listed = value === 'all' || value.startsWith('/') ? null : value.split(',').map((id) => id.trim());
  if (listed !== null && listed.some((id) => !GPU_ID.test(id))) throw new UsageError(`--gpus visible: NVIDIA_VISIBLE_DEVICES=${value} is not a list of GPU indices or UUIDs; give the ids instead, e.g. --gpus 0,1`);
  const count = listed?.length ?? deviceFiles().filter((name) => /^nvidia\d+$/.test(name)).length;
  if (count === 0) throw new UsageError(`--gpus visible: this process sees no GPU to hand out (NVIDIA_VISIBLE_DEVICES=${value}, and no /dev/nvidiaN)`);
  return Array.from({ length: count }, (_, i) => String(i));
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

/**
 * A note when --gpus hands out ids on a machine that shows no GPU at all: no NVIDIA device file
 * (/dev/nvidiactl, /dev/nvidiaN), no AMD one (/dev/kfd, which HIP numbers by CUDA_VISIBLE_DEVICES too),
 * no WSL2 one (/dev/dxg). Each trial gets its id all the same, and a program that finds no GPU often
 * trains on the CPU without a word, hours slower (a study started on a cluster's login node instead of
 * a GPU node). Null where /dev cannot be read, or shows a GPU.
 */
export function missingGpusNote(flags: Pick<RunFlags, 'gpus'>, deviceFiles: () => string[] = devNames): string | null {
  if (flags.gpus === undefined || isVisible(flags)) return null;
  const names = deviceFiles();
  if (names.length === 0 || names.some((name) => /^(nvidia(ctl|\d+)|kfd|dxg)$/.test(name))) return null;
  return `note: --gpus hands out ${flags.gpus.join(',')}, and this machine shows no GPU (no /dev/nvidia*, /dev/kfd or /dev/dxg): each trial gets its CUDA_VISIBLE_DEVICES all the same, and a program that finds no GPU may train on the CPU; is this a GPU node?`;
}
