/** The only writer to the terminal. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** stdout is an interactive terminal (progress lines, colours). */
  isTty: boolean;
  /** Colours allowed: a TTY and NO_COLOR unset. */
  color: boolean;
  /** The terminal's width in characters now (it may be resized); undefined when not a terminal or unknown. */
  columns?: () => number | undefined;
}

// A reader that goes away (`hypertune summary | head`) is not an error worth a stack trace.
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    // a listener runs outside main()'s catch: say it in one line rather than let Node print a stack
    process.exitCode = 1;
    if (stream !== process.stderr) process.stderr.write(`hypertune: cannot write output: ${error.message}\n`);
  });
}

export function createOutput(): Output {
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  const isTty = process.stdout.isTTY === true;
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTty,
    color: isTty && !noColor,
    columns: () => (isTty && process.stdout.columns > 0 ? process.stdout.columns : undefined),
  };
}
