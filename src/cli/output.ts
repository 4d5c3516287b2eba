/** The only writer to the terminal. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** stdout is an interactive terminal (progress lines, colours). */
  isTty: boolean;
  /** Colours allowed: a TTY and NO_COLOR unset. */
  color: boolean;
}

export function createOutput(): Output {
  const isTty = process.stdout.isTTY === true;
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTty,
    color: isTty && !noColor,
  };
}
