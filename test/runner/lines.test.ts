import { describe, expect, it } from 'vitest';
import { createLineSplitter, createTail, splitLog, TAIL_LINE_CHARS } from '../../src/runner/lines.js';

function split(chunks: Buffer[]): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.write(chunk);
  splitter.end();
  splitter.end();
  return lines;
}

describe('createLineSplitter', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, even when split across chunks', () => {
    const chunks = ['a\r', '\nb\n', '10%\r20%\r', 'done\r\n', 'last'].map((text) => Buffer.from(text));
    expect(split(chunks)).toEqual(['a', 'b', '10%', '20%', 'done', 'last']);
    const rewritten: boolean[] = [];
    const splitter = createLineSplitter((_line, isRewritten) => rewritten.push(isRewritten));
    for (const chunk of chunks) splitter.write(chunk);
    splitter.end();
    // `a\r` goes out at once (its `\n` came in the next chunk), so `b` looks like the line after a bar's
    // state, as `done` is: the `\n` after `\r`s, which a nested bar below may come back up to
    expect(rewritten).toEqual([true, true, true, true, true, false]);
  });

  it("hands on a line that ends a chunk with \\r at once, and drops the \\n of a \\r\\n split across chunks (found by a user audit)", () => {
    const seen: string[] = [];
    const splitter = createLineSplitter((line) => seen.push(line));
    splitter.write(Buffer.from('epoch 4 loss=0.5\r'));
    expect(seen).toEqual(['epoch 4 loss=0.5']);
    splitter.write(Buffer.from('\nnext\n'));
    expect(seen).toEqual(['epoch 4 loss=0.5', 'next']);
  });

  it('keeps a multi-byte character that arrives in two chunks', () => {
    const bytes = Buffer.from('loss=0.4 ✓ 日本\n');
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['loss=0.4 ✓ 日本']);
  });

  it('cuts a line longer than a megabyte after a space, never inside a number (a user audit read val_loss=170 of 170.806463)', () => {
    const line = `${'A'.repeat(1_048_570)} val_loss=170.806463`;
    // the first chunk ends inside the number, past the megabyte
    const at = line.indexOf('.806463');
    const pieces = split([Buffer.from(line.slice(0, at)), Buffer.from(`${line.slice(at)}\n`)]);
    expect(pieces.join('')).toBe(line);
    expect(pieces.at(-1)).toBe('val_loss=170.806463');
    // one word of more than a megabyte is still cut, where it is
    expect(split([Buffer.from('B'.repeat(1_100_000)), Buffer.from('B\n')]).join('')).toBe('B'.repeat(1_100_001));
  });

  it('keeps empty lines and emits nothing for empty output', () => {
    expect(split([Buffer.from('\n\nx\n')])).toEqual(['', '', 'x']);
    expect(split([])).toEqual([]);
  });
});

describe('createTail', () => {
  it('keeps the start and the end of a very long line, not all of it (a user audit: 20 MB of stderr in one failed trial\'s error)', () => {
    const tail = createTail(3);
    tail.push('E'.repeat(20_000_000) + ' ValueError: the end');
    const [line] = tail.lines();
    expect(line?.length).toBeLessThan(TAIL_LINE_CHARS + 80);
    expect(line).toMatch(/^E{1200} \.\.\. \(19998020 characters left out\) \.\.\. E+ ValueError: the end$/);
    // a line up to the limit stays whole
    tail.push('x'.repeat(TAIL_LINE_CHARS));
    expect(tail.lines()[1]).toBe('x'.repeat(TAIL_LINE_CHARS));
  });

  it("keeps an error's headline that a deep stack pushed out, before its last lines (Java; a user audit)", () => {
    const tail = createTail(4);
    for (const line of ['epoch 1 loss=0.5', 'Exception in thread "main" java.lang.IllegalStateException: gradient exploded', ...Array.from({ length: 30 }, (_, i) => `\tat Train.layer(Train.java:${i})`)]) tail.push(line);
    expect(tail.lines()).toEqual(['Exception in thread "main" java.lang.IllegalStateException: gradient exploded', '...', '\tat Train.layer(Train.java:28)', '\tat Train.layer(Train.java:29)']);
    // Rust's panic keeps its message line with it; a headline still in the tail is not repeated
    const rust = createTail(3);
    for (const line of ["thread 'main' panicked at src/main.rs:9:5:", 'diverged', 'stack backtrace:', '   0: rust_begin_unwind', '   1: core::panicking::panic_fmt', 'note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.']) rust.push(line);
    expect(rust.lines()).toEqual(["thread 'main' panicked at src/main.rs:9:5:", 'diverged', '...', 'note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.']);
    // a headline the program went on after (a handled exception it logged) is not kept (a re-audit)
    const handled = createTail(3);
    for (const line of ['Caused by: java.net.SocketTimeoutException: Read timed out', 'INFO step 1 ok', 'INFO step 2 ok', 'INFO step 3 ok', 'ValueError: loss became nan']) handled.push(line);
    expect(handled.lines()).toEqual(['INFO step 2 ok', 'INFO step 3 ok', 'ValueError: loss became nan']);
    const short = createTail(5);
    for (const line of ['x', "  what():  bad alloc", 'y']) short.push(line);
    expect(short.lines()).toEqual(['x', '  what():  bad alloc', 'y']);
  });

  it('keeps only the last lines', () => {
    const tail = createTail(2);
    for (const line of ['1', '2', '3']) tail.push(line);
    expect(tail.lines()).toEqual(['2', '3']);
  });

  it("drops a terminal's codes, and lines that were only codes (a progress bar's cursor-up; found by a user audit)", () => {
    const tail = createTail(5);
    for (const line of ['\u001b[A', '\u001b[32mEpoch 1\u001b[0m: 100%', 'Traceback (most recent call last):', '', '\u001b]0;title\u0007ValueError: bad']) tail.push(line);
    expect(tail.lines()).toEqual(['Epoch 1: 100%', 'Traceback (most recent call last):', '', 'ValueError: bad']);
  });

  it('drops the other control characters, keeps tabs, and names a line of binary bytes instead of showing them (a user audit)', () => {
    const tail = createTail(5);
    tail.push('red error\u001b[0m OVERWRITE\b\b\u0007');
    tail.push('a\tb');
    tail.push(Buffer.from([0xff, 0xfe, 0x80, 0x41, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x42, 0xc0, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b]).toString('utf8'));
    expect(tail.lines()).toEqual(['red error OVERWRITE', 'a\tb', '(binary output, 18 characters)']);
  });
});

describe('splitLog', () => {
  it("splits a saved log as a running trial's output is split: a lone \\r (a progress bar) ends a line", () => {
    expect(splitLog('epoch 0 loss=0.5\repoch 1 loss=0.4\r\nsaved\n')).toEqual([
      { text: 'epoch 0 loss=0.5', rewritten: true },
      { text: 'epoch 1 loss=0.4', rewritten: true },
      { text: 'saved', rewritten: false },
    ]);
    expect(splitLog('')).toEqual([]);
    expect(splitLog('no newline at the end')).toEqual([{ text: 'no newline at the end', rewritten: false }]);
  });
});
