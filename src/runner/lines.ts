import { StringDecoder } from 'node:string_decoder';

// A runaway line (no newline for megabytes) is cut rather than held in memory forever.
const MAX_LINE_CHARS = 1 << 20;
const LINE_BREAK = /\r\n|\r|\n/g;

export interface LineSplitter {
  write(chunk: Buffer): void;
  /** Flushes the last line, if it had no line ending. Safe to call twice. */
  end(): void;
}

/**
 * Splits a byte stream into lines: UTF-8 safe across chunks; `\n`, `\r\n` and a lone `\r` all end a
 * line. `rewritten` says a line is a progress bar's state, which a later one may replace on screen
 * (bar-states.ts reads it so): it ended with a lone `\r`, or it is the state a bar's `\r`s led to.
 */
export function createLineSplitter(onLine: (line: string, rewritten: boolean) => void): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let ended = false;
  // the last line ended with a lone `\r`: the `\n` after the next one ends a bar's last state, which a
  // nested bar below may still come back up to rewrite (tqdm's position=1: `\n`, its own state, ESC[A;
  // Lightning's validation bar under the epoch's bar: found by a user audit)
  let inBar = false;

  // a `\r` that ended a chunk may be the first half of a `\r\n` split across chunks: its line goes out at
  // once (held for the next chunk, a status line printed with end="\r" was judged an epoch late: a user
  // audit), and a `\n` that starts the next chunk is its second half
  let halfCrLf = false;

  function emit(whole: string): void {
    const text = halfCrLf && whole.startsWith('\n') ? whole.slice(1) : whole;
    halfCrLf = false;
    LINE_BREAK.lastIndex = 0;
    let start = 0;
    for (let match = LINE_BREAK.exec(text); match !== null; match = LINE_BREAK.exec(text)) {
      const lone = match[0] === '\r';
      onLine(text.slice(start, match.index), lone || inBar);
      inBar = lone;
      start = match.index + match[0].length;
      halfCrLf = lone && start === text.length;
    }
    pending = text.slice(start);
    if (pending.length > MAX_LINE_CHARS) {
      // cut after the last space, tab or comma near the end: a number cut in two was read as a
      // value (val_loss=170 of 170.806463; a user audit); a word of more than 4 KB is cut where it is
      const cut = Math.max(pending.lastIndexOf(' '), pending.lastIndexOf('\t'), pending.lastIndexOf(','));
      const at = cut >= pending.length - 4096 ? cut + 1 : pending.length;
      onLine(pending.slice(0, at), false);
      pending = pending.slice(at);
    }
  }

  return {
    write(chunk) {
      emit(pending + decoder.write(chunk));
    },
    end() {
      if (ended) return;
      ended = true;
      emit(pending + decoder.end());
      // after a lone `\r`, a last line without its ending is a bar's state still being drawn: it stands
      // only for a program that ended by itself (run-trial.ts; Lightning's bar, stopped mid-epoch, showed
      // the epoch before's val_loss at the next epoch: a user audit)
      if (pending !== '') onLine(pending, inBar);
      pending = '';
    },
  };
}

/** A line of a saved log; `rewritten`: it ended with a lone `\r` (a progress bar's state). */
export interface LogLine {
  text: string;
  rewritten: boolean;
}

/** A saved log's lines, split exactly as a running trial's output is (a lone `\r` ends a line too). */
export function splitLog(text: string): LogLine[] {
  const lines: LogLine[] = [];
  const splitter = createLineSplitter((line, rewritten) => lines.push({ text: line, rewritten }));
  splitter.write(Buffer.from(text, 'utf8'));
  splitter.end();
  return lines;
}

/** A terminal's control sequences (colours, cursor moves such as a progress bar's `ESC[A`). */
export const TERMINAL_CODES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** Control characters left once the sequences are gone (a backspace erased the failure line it was printed in; a user audit); tabs stay. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * The most of one line a tail keeps: its start and its end. A failed trial's tail goes into its
 * error, stored with the trial and shown by summary and show: one 20 MB stderr line (a dumped tensor)
 * put 20 MB into the journal for each failed trial (a user audit).
 */
export const TAIL_LINE_CHARS = 2000;

/** What a tail keeps of a line: its text (a long one's start and end), or a mention of binary bytes (a line mostly of bytes that are no UTF-8). */
function tailText(raw: string): string {
  const line = raw.replace(TERMINAL_CODES, '').replace(CONTROLS, '');
  if (line.length < 16) return line;
  const replaced = line.includes('\ufffd') ? line.length - line.replaceAll('\ufffd', '').length : 0;
  if (replaced > line.length / 4) return `(binary output, ${line.length} characters)`;
  if (line.length <= TAIL_LINE_CHARS) return line;
  const head = Math.floor(TAIL_LINE_CHARS * 0.6);
  const tail = TAIL_LINE_CHARS - head;
  return `${line.slice(0, head)} ... (${line.length - head - tail} characters left out) ... ${line.slice(-tail)}`;
}

/**
 * A line that heads an error whose stack follows: Java's exception (`Exception in thread "main" ...`,
 * the root cause's `Caused by: ...`), Rust's panic (its message on the next line since Rust 1.73),
 * C++'s `what():` after `terminate called`. A deep stack pushed it out of the tail: 20 lines of
 * `at Train.layer(...)` said nothing of the exception (a user audit).
 */
export const ERROR_HEADLINE = /^(?:Exception in thread |Caused by: )|^thread '[^']*' panicked at |^\s*what\(\):/;

/**
 * Lines that say nothing of an error: Hydra's stack-trace advice, Node's version line after an
 * uncaught error, Rust's backtrace note, stack frames (Java's and Node's `at ...`, Java's `... 5 more`).
 */
export const BOILERPLATE =
  /^Set the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace\.?$|^Node\.js v\d+\.\d+\.\d+$|^note: (?:run with `RUST_BACKTRACE=|Some details are omitted)|^at \S|^\.\.\. \d+ more$|^\.\.\.$/;

/** A stack's own lines after a headline: Java's `... 5 more`, Rust's numbered frames, C++'s `Aborted`, a nested cause. */
const STACK_LINE = /^(?:\d+: |Aborted|stack backtrace:|Caused by: )/;

/**
 * Whether a line (trimmed) may follow an error's headline and leave it the program's last word: its
 * stack, boilerplate, blank. Any other line (the program went on, logging) makes it a handled error:
 * PySpark's logged `Caused by: ...` hid the ValueError the program died of (a re-audit).
 */
export function afterHeadline(line: string): boolean {
  return line === '' || BOILERPLATE.test(line) || STACK_LINE.test(line);
}

/**
 * Keeps the last `size` lines, without terminal codes (a line that was nothing else is left out), and
 * the last error headline (ERROR_HEADLINE) before them when they have moved past it and only its stack
 * came after it.
 */
export function createTail(size: number): { push(line: string): void; lines(): string[] } {
  const kept: string[] = [];
  let headline: string[] = [];
  let headlineOpen = false;
  return {
    push(raw) {
      const line = tailText(raw);
      if (line.trim() === '' && raw !== line) return;
      const heads = ERROR_HEADLINE.test(line);
      if (headlineOpen) headline.push(line);
      else if (headline.length > 0 && !heads && !afterHeadline(line.trim())) headline = [];
      headlineOpen = false;
      if (heads) {
        headline = [line];
        headlineOpen = line.endsWith(':') && line.includes('panicked at');
      }
      kept.push(line);
      if (kept.length > size) kept.shift();
    },
    lines: () => (headline.length === 0 || kept.includes(headline[0] as string) ? [...kept] : [...headline, '...', ...kept.slice(Math.min(headline.length + 1, kept.length - 1))]),
  };
}
