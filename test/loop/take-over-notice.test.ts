import { describe, expect, it } from 'vitest';
import { takeOverNotice } from '../../src/loop/ask.js';

describe('takeOverNotice', () => {
  it("says a worker's trial went silent, and an asked one was not told within its lease", () => {
    const asked = (id: number): boolean => id === 7 || id === 9;
    expect(takeOverNotice([3], asked)).toBe('taking over trial 3: no heartbeat from its worker');
    expect(takeOverNotice([3, 4], asked)).toBe('taking over trials 3, 4: no heartbeat from their workers');
    expect(takeOverNotice([7], asked)).toBe('taking over trial 7: not told within its lease');
    expect(takeOverNotice([3, 7, 9], asked)).toBe('taking over trial 3: no heartbeat from its worker; trials 7, 9: not told within their leases');
  });
});
