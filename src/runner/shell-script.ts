// Values placed in the script of `sh -c '...'` (a venv activated, a folder entered before the
// program): the script is shell code, so each value is shell-quoted there, and only there.

/** A POSIX shell's command run with `-c` (`sh -c`, `bash -lc`): the index of its script among `args`, or -1. */
export function shellScriptAt(program: string, args: readonly string[]): number {
  if (!/(^|\/)(sh|bash|dash|zsh|ksh|ash)$/.test(program)) return -1;
  // among the shell's own options, before its first other word
  for (let i = 0; i < args.length && (args[i] ?? '').startsWith('-'); i++) {
    if (/^-[a-z]*c[a-z]*$/.test(args[i] ?? '')) return i + 1 < args.length ? i + 1 : -1;
  }
  return -1;
}

/** `it's` as `'it'\''s'`: one word to a POSIX shell, whatever it holds. */
export function shellQuoted(value: string): string {
  return /^[\w.,:/+@%=-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * A script's `{label}`s filled in, each value quoted for where it stands: bare, inside '...' or inside
 * "..." (a re-audit: `--name "{name}"` got our quotes inside the user's). Unknown names stay as written.
 */
export function fillShellScript(script: string, values: ReadonlyMap<string, string>): string {
  let out = '';
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < script.length; i++) {
    const char = script[i] ?? '';
    const placeholder = char === '{' ? /^\{([^{}\s]+)\}/.exec(script.slice(i)) : null;
    const value = placeholder === null ? undefined : values.get(placeholder[1] ?? '');
    if (placeholder !== null && value !== undefined) {
      out += quote === "'" ? value.replaceAll("'", "'\\''") : quote === '"' ? value.replace(/[\\"$`]/g, '\\$&') : shellQuoted(value);
      i += placeholder[0].length - 1;
      continue;
    }
    if (char === '\\' && quote !== "'") {
      out += char + (script[i + 1] ?? '');
      i += 1;
      continue;
    }
    if ((char === "'" || char === '"') && (quote === '' || quote === char)) quote = quote === '' ? char : '';
    out += char;
  }
  return out;
}
