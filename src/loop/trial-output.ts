import type { OutputStream, Store } from '../store/types.js';

/**
 * Collects a trial's output lines and hands them to the store in batches (on every heartbeat and at
 * the end), so a chatty program costs a few writes, not one per line.
 */
export interface OutputBuffer {
  add(stream: OutputStream, line: string): void;
  flush(): Promise<void>;
}

const MAX_BUFFERED_CHARS = 64 * 1024;

export function createOutputBuffer(store: Store, study: string, trialId: number): OutputBuffer {
  const pending: Record<OutputStream, string[]> = { stdout: [], stderr: [] };
  let size = 0;
  let chain: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = pending[stream];
      if (lines.length === 0) continue;
      const text = `${lines.join('\n')}\n`;
      pending[stream] = [];
      chain = chain.then(() => store.appendOutput(study, trialId, stream, text));
    }
    size = 0;
    return chain;
  };
  return {
    add(stream, line) {
      pending[stream].push(line);
      size += line.length + 1;
      if (size > MAX_BUFFERED_CHARS) void flush().catch(() => undefined);
    },
    flush,
  };
}
