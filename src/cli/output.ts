/** The only writer to the terminal. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** stdout is an interactive terminal (progress lines, colours). */
  isTty: boolean;
  /** Colours allowed: a TTY, or FORCE_COLOR; never with NO_COLOR (colouredOutput). */
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

/**
 * Whether to colour: NO_COLOR (set, not empty) says never; FORCE_COLOR, as Node and chalk read it, says
 * yes off a terminal too (a CI log that renders colours, GitHub Actions') and `0` or `false` says no on
 * one; else a terminal. NO_COLOR wins over FORCE_COLOR: a CI that forces colours for every step still
 * lets one command be plain. FORCE_COLOR was ignored (a user audit).
 */
export function colouredOutput(isTty: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  return isTty;
}

export function createOutput(): Output {
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  const isTty = process.stdout.isTTY === true;
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTty,
    color: colouredOutput(isTty, process.env),
    columns: () => (isTty && process.stdout.columns > 0 ? process.stdout.columns : undefined),
  };
}
