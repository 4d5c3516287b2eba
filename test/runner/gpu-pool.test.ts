import { describe, expect, it } from 'vitest';
import { createGpuPool } from '../../src/runner/gpu-pool.js';

describe('createGpuPool', () => {
  it('hands each running trial one free id, lowest first, and takes it back', () => {
    const pool = createGpuPool(['0', '1']);
    expect(pool.size).toBe(2);
    expect(pool.acquire()).toBe('0');
    expect(pool.acquire()).toBe('1');
    expect(pool.acquire()).toBeNull();
    pool.release('0');
    expect(pool.acquire()).toBe('0');
    expect(pool.acquire()).toBeNull();
  });

  it('gives an id listed twice two slots', () => {
    const pool = createGpuPool(['3', '3', '5']);
    expect([pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()]).toEqual(['3', '3', '5', null]);
    pool.release('3');
    expect(pool.acquire()).toBe('3');
  });

  it('refuses to release an id it did not hand out', () => {
    const pool = createGpuPool(['0']);
    expect(() => pool.release('0')).toThrow(/not held/);
    expect(() => pool.release('9')).toThrow(/not held/);
  });
});
