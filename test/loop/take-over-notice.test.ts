import { describe, expect, it } from 'vitest';
import { takeOverNotice } from '../../src/loop/ask.js';

describe('takeOverNotice', () => {
  it("says a worker's trial went silent or its worker is gone from this machine, and an asked one was not told within its lease", () => {
    const asked = (id: number): 'silent' | 'gone' | 'lease' => (id === 7 || id === 9 ? 'lease' : id >= 10 ? 'gone' : 'silent');
    expect(takeOverNotice([3], asked)).toBe('taking over trial 3: no heartbeat from its worker');
    expect(takeOverNotice([3, 4], asked)).toBe('taking over trials 3, 4: no heartbeat from their workers');
    expect(takeOverNotice([7], asked)).toBe('taking over trial 7: not told within its lease');
    expect(takeOverNotice([3, 7, 9], asked)).toBe('taking over trial 3: no heartbeat from its worker; trials 7, 9: not told within their leases');
    expect(takeOverNotice([10], asked)).toBe('taking over trial 10: its worker is no longer running on this machine');
    expect(takeOverNotice([3, 10, 11, 7], asked)).toBe(
      'taking over trial 3: no heartbeat from its worker; trials 10, 11: their workers are no longer running on this machine; trial 7: not told within its lease',
    );
  });
});
