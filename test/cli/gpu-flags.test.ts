import { describe, expect, it } from 'vitest';
import { gpuSlots, missingGpusNote } from '../../src/cli/gpu-flags.js';

const visible = (env: NodeJS.ProcessEnv, devices: string[] = [], gpusPerTrial?: number): string[] | undefined =>
  gpuSlots({ gpus: ['visible'], ...(gpusPerTrial === undefined ? {} : { gpusPerTrial }) }, env, () => devices);

describe('--gpus visible in a container of the NVIDIA runtime (NVIDIA_VISIBLE_DEVICES, no CUDA_VISIBLE_DEVICES)', () => {
  it('hands out 0..n-1 for the n GPUs it names: host indices, UUIDs or MIG devices, as CUDA numbers them inside', () => {
    expect(visible({ NVIDIA_VISIBLE_DEVICES: '3,5' })).toEqual(['0', '1']);
    expect(visible({ NVIDIA_VISIBLE_DEVICES: 'GPU-8f2c1e4a-6b1d-4c2e-9a7f-1b2c3d4e5f60' })).toEqual(['0']);
    expect(visible({ NVIDIA_VISIBLE_DEVICES: 'MIG-GPU-8f2c1e4a/1/0,MIG-GPU-8f2c1e4a/2/0' })).toEqual(['0', '1']);
    expect(visible({ NVIDIA_VISIBLE_DEVICES: '0,1,2,3' }, [], 2)).toEqual(['0,1', '2,3']);
  });

  it('counts the container\'s /dev/nvidiaN for all, or the device plugin\'s volume-mounts path', () => {
    const dev = ['nvidia0', 'nvidia3', 'nvidiactl', 'nvidia-uvm', 'nvidia-caps', 'null'];
    expect(visible({ NVIDIA_VISIBLE_DEVICES: 'all' }, dev)).toEqual(['0', '1']);
    expect(visible({ NVIDIA_VISIBLE_DEVICES: '/var/run/nvidia-container-devices' }, dev)).toEqual(['0', '1']);
  });

  it('refuses in one line where it sees no GPU, and CUDA_VISIBLE_DEVICES wins where both are set', () => {
    expect(() => visible({ NVIDIA_VISIBLE_DEVICES: 'void' })).toThrow('--gpus visible: this process sees no GPU to hand out (NVIDIA_VISIBLE_DEVICES=void)');
    expect(() => visible({ NVIDIA_VISIBLE_DEVICES: 'none' })).toThrow('(NVIDIA_VISIBLE_DEVICES=none)');
    expect(() => visible({ NVIDIA_VISIBLE_DEVICES: 'all' }, ['nvidiactl', 'null'])).toThrow('(NVIDIA_VISIBLE_DEVICES=all, and no /dev/nvidiaN)');
    expect(() => visible({ NVIDIA_VISIBLE_DEVICES: 'gpu zero' })).toThrow('NVIDIA_VISIBLE_DEVICES=gpu zero is not a list of GPU indices or UUIDs');
    expect(() => visible({})).toThrow('which is not set here (Slurm sets it for a job given --gres=gpu:N; in a container, NVIDIA_VISIBLE_DEVICES)');
    expect(visible({ CUDA_VISIBLE_DEVICES: '2', NVIDIA_VISIBLE_DEVICES: '0,1,2,3' })).toEqual(['2']);
  });
});

describe('--gpus on a machine that shows no GPU', () => {
  it('says so once (a login node instead of a GPU node), and not where an NVIDIA, AMD or WSL2 GPU shows, nor where /dev cannot be read', () => {
    const note = (devices: string[], gpus: string[] = ['0', '1']): string | null => missingGpusNote({ gpus }, () => devices);
    expect(note(['null', 'tty', 'shm'])).toMatch(/^note: --gpus hands out 0,1, and this machine shows no GPU \(no \/dev\/nvidia\*, \/dev\/kfd or \/dev\/dxg\): .* is this a GPU node\?$/);
    for (const gpu of [['nvidiactl'], ['nvidia0', 'nvidia-uvm'], ['kfd', 'dri'], ['dxg']]) expect(note(['null', ...gpu])).toBeNull();
    expect(note([])).toBeNull();
    expect(note(['null'], ['visible'])).toBeNull();
    expect(missingGpusNote({}, () => ['null'])).toBeNull();
  });
});
