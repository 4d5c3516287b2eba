export interface GpuPool {
  /** A free GPU id (lowest slot first), or null when every slot is busy. */
  acquire(): string | null;
  /** Gives back an id that acquire() handed out. */
  release(id: string): void;
  /** How many trials can hold a GPU at once. */
  readonly size: number;
}

/**
 * One slot per entry of `ids`: each running trial gets one free id for CUDA_VISIBLE_DEVICES.
 * An id listed twice (`--gpus 0,0,1,1`) gives two slots, i.e. two trials share that GPU.
 */
export function createGpuPool(ids: readonly string[]): GpuPool {
  const busy = ids.map(() => false);
  return {
    acquire() {
      const slot = busy.indexOf(false);
      if (slot === -1) return null;
      busy[slot] = true;
      return ids[slot] ?? null;
    },
    release(id) {
      const slot = ids.findIndex((candidate, index) => candidate === id && busy[index] === true);
      if (slot === -1) throw new Error(`GPU ${JSON.stringify(id)} released but not held`);
      busy[slot] = false;
    },
    size: ids.length,
  };
}
