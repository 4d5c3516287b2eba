import type { OutputStream } from '../store/types.js';
import type { KeepOutput } from './settings.js';

/**
 * Collects a trial's output lines for the store, which gets them in batches (with the trial's other
 * writes, on every heartbeat and at the end: trial-writer.ts), so a chatty program costs a few writes,
 * not one per line. With `tail` (the default) each
 * stream keeps its first KEEP_HEAD_BYTES as they come and its last KEEP_TAIL_BYTES at the end, with a
 * marker line where the rest was dropped: a program that prints 300 MB per trial cannot fill the disk
 * over a long study, and what is kept still shows how it started and how it ended. The metric parser
 * sees every line either way (the runner reads them before they come here).
 */
export interface OutputKeeper {
  add(stream: OutputStream, line: string): void;
  /** The text to write now, per stream (none when there is nothing new). */
  take(): OutputChunk[];
  /** The last take: the kept tail and the marker go out too. */
  takeFinal(): OutputChunk[];
}

export interface OutputChunk {
  stream: OutputStream;
  text: string;
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

/** `onFull`: more than MAX_BUFFERED_CHARS wait to be written; the caller should write them soon. */
export function createOutputKeeper(keep: KeepOutput = 'tail', onFull: () => void = () => undefined): OutputKeeper {
  const streams: Record<OutputStream, StreamState> = { stdout: fresh(), stderr: fresh() };
  let size = 0;
  const take = (): OutputChunk[] => {
    const chunks: OutputChunk[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = streams[stream].pending;
      if (lines.length > 0) chunks.push({ stream, text: `${lines.join('\n')}\n` });
      streams[stream].pending = [];
    }
    size = 0;
    return chunks;
  };
  return {
    add(stream, line) {
      if (keep === 'none') return;
      const state = streams[stream];
      if (keep === 'all' || state.headBytes < KEEP_HEAD_BYTES) {
        state.pending.push(line);
        state.headBytes += byteLength(line);
        size += line.length + 1;
        if (size > MAX_BUFFERED_CHARS) {
          // said once per batch: take() starts the count again
          size = -Infinity;
          onFull();
        }
        return;
      }
      keepInTail(state, line);
    },
    take,
    takeFinal() {
      for (const stream of ['stdout', 'stderr'] as const) {
        const state = streams[stream];
        const marker = state.droppedLines === 0 ? [] : [droppedMarker(state)];
        // concat, not push(...tail): a tail of short lines (`seq 1 1000000`: 150,000 of them in its
        // last MB) overflowed the stack, and the trial's result was lost with the study (a hostile-program audit)
        state.pending = state.pending.concat(marker, state.tail.slice(state.tailStart));
        state.tail = [];
        state.tailStart = 0;
      }
      return take();
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
