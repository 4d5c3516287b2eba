import { describe, expect, it } from 'vitest';
import { checkNewStudyName, checkStudyName, freeStudyName } from '../../src/store/study-name.js';

describe('study names', () => {
  it('takes any name a folder can hold, counted in bytes, and refuses what a folder or a command line cannot take', () => {
    for (const name of ['sweep', 'my study', 'v1.2', 'é 日本 🚀', `it's "q" $HOME`, 'x'.repeat(200)]) expect(checkStudyName(name)).toBe(name);
    expect(() => checkStudyName('日'.repeat(67))).toThrow(/longer than 200 bytes/);
    expect(() => checkNewStudyName('--x')).toThrow(/starts with -, which a command line reads as an option/);
    expect(() => checkStudyName('a\\b')).toThrow(/a slash, a backslash or a NUL/);
    for (const name of ['', '.', '..', '.hidden', 'a/b']) expect(() => checkStudyName(name)).toThrow(/invalid study name/);
    expect(() => checkNewStudyName('a\nb')).toThrow(/a control character/);
    expect(() => checkNewStudyName('tab\there')).toThrow(/a control character/);
    for (const name of ['   ', ' x', 'x ']) expect(() => checkNewStudyName(name)).toThrow(/starts or ends with a space/);
    // a study made before these rules keeps working: only a new name is checked so
    for (const name of ['--x', ' x', 'a\tb']) expect(checkStudyName(name)).toBe(name);
  });

  it('suggests a free name that is itself a valid name', () => {
    expect(freeStudyName(new Set(['s', 's-2']), 's')).toBe('s-3');
    const long = freeStudyName(new Set(), 'x'.repeat(200));
    expect(checkStudyName(long)).toBe(`${'x'.repeat(198)}-2`);
    const wide = freeStudyName(new Set(), '日'.repeat(66));
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(200);
    expect(wide.endsWith('-2')).toBe(true);
  });
});
