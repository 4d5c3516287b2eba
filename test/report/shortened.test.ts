import { describe, expect, it } from 'vitest';
import { formatParams, shortened } from '../../src/report/format.js';

describe("a trial's values on one line", () => {
  it('shows a value longer than the line allows cut, with its length, and the others whole', () => {
    expect(shortened('abc', 80)).toBe('abc');
    const line = formatParams({ lr: 0.01, prompt: 'v'.repeat(140_000) }, 80);
    expect(line).toBe(`lr=0.01 prompt=${'v'.repeat(60)}\u2026 (140000 chars)`);
    expect(formatParams({ prompt: 'v'.repeat(100) })).toBe(`prompt=${'v'.repeat(100)}`);
  });
});
