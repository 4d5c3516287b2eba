import v8 from 'node:v8';

/**
 * A pattern: of the user's that backtracks without end (`loss=((?:a+)+)$` on a long line it does not
 * match) held the tuner's one thread: no --trial-timeout, no SIGTERM for 70 s (a user audit). With
 * this V8 flag, a match that has backtracked too long goes on in V8's linear-time engine, with the same
 * result. Set before the CLI bundle is compiled (bundle-loader.ts), since V8 keys its code cache by the
 * flags: set later, every start rejected the cache the one before had written. Safe to call twice.
 */
export function linearRegexpsOnBacktracking(): void {
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}
