// show --output on a terminal: colours stay, other control sequences and bytes go (a user audit: a
// trial that printed binary sent 142 k control bytes and 4,984 escapes to the terminal).
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/report/trial-detail.js';

describe('terminalSafe', () => {
  it('keeps text, newlines, tabs and colours; drops cursor moves, titles, bells and other control bytes', () => {
    expect(terminalSafe('epoch 1\tloss=0.5\n\u001b[32mok\u001b[0m\n')).toBe('epoch 1\tloss=0.5\n\u001b[32mok\u001b[0m\n');
    expect(terminalSafe('a\u001b[2J\u001b[Hb\u001b]0;title\u0007c\u0007d\u0000e\u001bcf\r\n')).toBe('abcdef\n');
    // a lone escape at the end, and bytes of a binary dump
    expect(terminalSafe('x\u001b')).toBe('x');
    expect(terminalSafe('\u0001\u0002\u007f\u009bz')).toBe('z');
  });
});
