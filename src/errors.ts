// Typed errors carry the exit code the CLI must use; the CLI's single catch maps them.
export type ExitCode = 0 | 1 | 2 | 130;

export class HypertuneError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad flags, bad arguments, a study that does not match: exit 2. */
export class UsageError extends HypertuneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

export interface SpaceErrorLocation {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  label?: string | undefined;
}

/** A mistake in a search-space file; printed as `file:line:col: label: reason`. */
export class SpaceError extends UsageError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly label: string | undefined;
  readonly reason: string;
  constructor(reason: string, where: SpaceErrorLocation = {}) {
    super(formatSpaceError(reason, where));
    this.reason = reason;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.label = where.label;
  }
}

function formatSpaceError(reason: string, where: SpaceErrorLocation): string {
  const position = [where.file ?? '<space>', where.line, where.column]
    .filter((part) => part !== undefined)
    .join(':');
  const label = where.label === undefined ? '' : `${where.label}: `;
  return `${position}: ${label}${reason}`;
}

/** Something outside our control failed at run time (storage down, program missing): exit 1. */
export class RuntimeFailure extends HypertuneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 1, options);
  }
}

/**
 * The store stayed out of reach for a worker's whole retry window (a database down for minutes): exit 1.
 * Its own type, so that a run can add how to go on once the server is back.
 */
export class StoreUnreachable extends RuntimeFailure {}

/** The user interrupted the study: exit 130 (128 + SIGINT). */
export class InterruptedError extends HypertuneError {
  constructor(message = 'interrupted') {
    super(message, 130);
  }
}
