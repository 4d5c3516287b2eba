import type { OutputStream, Store } from '../store/types.js';
import type { KeepOutput } from './settings.js';

/**
 * Collects a trial's output lines and hands them to the store in batches (on every heartbeat and at
 * the end), so a chatty program costs a few writes, not one per line. With `tail` (the default) each
 * stream keeps its first KEEP_HEAD_BYTES as they come and its last KEEP_TAIL_BYTES at the end, with a
 * marker line where the rest was dropped: a program that prints 300 MB per trial cannot fill the disk
 * over a long study, and what is kept still shows how it started and how it ended. The metric parser
 * sees every line either way (the runner reads them before they come here).
 */
export interface OutputBuffer {
  add(stream: OutputStream, line: string): void;
  flush(): Promise<void>;
  /** The last flush: the kept tail and the marker go out too. */
  finish(): Promise<void>;
}

export const KEEP_HEAD_BYTES = 1 << 20;
export const KEEP_TAIL_BYTES = 1 << 20;
const MAX_BUFFERED_CHARS = 64 * 1024;

interface StreamState {
  pending: string[];
  /** Bytes kept so far from the start (tail mode). */
  headBytes: number;
  /** Lines past the head, the oldest dropped first while they exceed KEEP_TAIL_BYTES. */
  tail: string[];
  tailStart: number;
  tailBytes: number;
  droppedBytes: number;
  droppedLines: number;
}

export function createOutputBuffer(store: Store, study: string, trialId: number, keep: KeepOutput = 'tail'): OutputBuffer {
  const streams: Record<OutputStream, StreamState> = { stdout: fresh(), stderr: fresh() };
  let size = 0;
  let chain: Promise<void> = Promise.resolve();
  const write = (stream: OutputStream, lines: string[]): void => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    chain = chain.then(() => store.appendOutput(study, trialId, stream, text));
  };
  const flush = (): Promise<void> => {
    for (const stream of ['stdout', 'stderr'] as const) {
      write(stream, streams[stream].pending);
      streams[stream].pending = [];
    }
    size = 0;
    return chain;
  };
  return {
    add(stream, line) {
      if (keep === 'none') return;
      const state = streams[stream];
      if (keep === 'all' || state.headBytes < KEEP_HEAD_BYTES) {
        state.pending.push(line);
        state.headBytes += byteLength(line);
        size += line.length + 1;
        if (size > MAX_BUFFERED_CHARS) void flush().catch(() => undefined);
        return;
      }
      keepInTail(state, line);
    },
    flush,
    finish() {
      for (const stream of ['stdout', 'stderr'] as const) {
        const state = streams[stream];
        const tail = state.tail.slice(state.tailStart);
        const marker = state.droppedLines === 0 ? [] : [droppedMarker(state)];
        state.pending.push(...marker, ...tail);
        state.tail = [];
        state.tailStart = 0;
      }
      return flush();
    },
  };
}

function fresh(): StreamState {
  return { pending: [], headBytes: 0, tail: [], tailStart: 0, tailBytes: 0, droppedBytes: 0, droppedLines: 0 };
}

function keepInTail(state: StreamState, line: string): void {
  state.tail.push(line);
  state.tailBytes += byteLength(line);
  while (state.tailBytes > KEEP_TAIL_BYTES && state.tailStart < state.tail.length - 1) {
    const oldest = state.tail[state.tailStart] ?? '';
    state.tailStart += 1;
    state.tailBytes -= byteLength(oldest);
    state.droppedBytes += byteLength(oldest);
    state.droppedLines += 1;
  }
  // drop the consumed front now and then instead of shifting the array on every line
  if (state.tailStart > 4096 && state.tailStart > state.tail.length / 2) {
    state.tail = state.tail.slice(state.tailStart);
    state.tailStart = 0;
  }
}

function droppedMarker(state: StreamState): string {
  const mb = (bytes: number): string => `${(bytes / (1 << 20)).toFixed(0)} MB`;
  return (
    `[hypertune: ${state.droppedBytes} bytes (${state.droppedLines} lines) dropped here; --keep-output tail keeps the first ` +
    `${mb(KEEP_HEAD_BYTES)} and the last ${mb(KEEP_TAIL_BYTES)} of each stream, --keep-output all keeps everything]`
  );
}

/** The line's size in the file: UTF-8 bytes plus its newline. */
function byteLength(line: string): number {
  return Buffer.byteLength(line) + 1;
}
