import { availableParallelism } from 'node:os';

// PyTorch (its pip wheels), NumPy's OpenBLAS or MKL, and any OpenMP program start one compute thread per
// core in every process. Trials run side by side then ask for `parallel` times the cores there are, and
// the threads wait on each other: on a shared 2-core machine a study of four PyTorch trials two at a time
// took 99-106 s with 2 threads each, 23-30 s with 1 (a user audit). torchrun sets OMP_NUM_THREADS=1 for
// its processes for the same reason; here each trial gets its share of the cores.

/** OMP_NUM_THREADS for each of `parallel` trials at once: its share of the cores (at least 1); undefined for one at a time. */
export function threadsPerTrial(parallel: number, cpus: number = availableParallelism()): number | undefined {
  return parallel > 1 ? Math.max(1, Math.floor(cpus / parallel)) : undefined;
}

/** Whether the tuner's own environment chose the thread count, which every trial then keeps. */
export function threadsChosen(inherited: Readonly<Record<string, string | undefined>>): boolean {
  return (inherited['OMP_NUM_THREADS'] ?? '').trim() !== '';
}

/** `, 1 thread each (OMP_NUM_THREADS)` for the run's first line, when trials get a share; else empty. */
export function threadsHeadline(parallel: number, inherited: Readonly<Record<string, string | undefined>> = process.env): string {
  const threads = threadsPerTrial(parallel);
  if (threads === undefined || threadsChosen(inherited)) return '';
  return `, ${threads} thread${threads === 1 ? '' : 's'} each (OMP_NUM_THREADS)`;
}

/** The launch's `threads`, for `parallel` trials at once: none for one at a time. */
export function threadsField(parallel: number): { threads?: number } {
  const threads = threadsPerTrial(parallel);
  return threads === undefined ? {} : { threads };
}
