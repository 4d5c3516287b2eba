import Table from 'cli-table3';
import { formatDuration, formatValue } from './format.js';
import type { StudyRow } from './studies.js';

export interface StudiesTableOptions {
  /** Where the studies were looked for, for the headline and the empty message. */
  location: string;
  color: boolean;
  /** A terminal's width: a wider table loses columns of the least use, then command characters (none: whole). */
  width?: number | undefined;
}

const HEAD = ['study', 'goal', 'trials', 'complete', 'failed', 'pruned', 'running', 'best (trial)', 'created', 'last activity', 'trial time', 'on disk', 'command'];
const ALIGNS = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left', 'right', 'right', 'left'] as const;
/** Columns left out, in this order, while a table is wider than the terminal (a user audit: 230 characters wrapped). */
const DROP_ORDER = ['created', 'on disk', 'pruned', 'trial time'];
/** The command keeps at least this much of itself before a column goes. */
const MIN_COMMAND = 24;

/** Commands longer than this lose their middle: the program's start and the script's end say most. */
const MAX_COMMAND = 40;

/** The human listing: one row per study, in the rows' order; one line when there is none. */
export function formatStudiesTable(rows: readonly StudyRow[], options: StudiesTableOptions): string {
  if (rows.length === 0) return `${noStudiesMessage(options.location)}\n`;
  const cells = rows.map((row) => [
      row.name,
      `${row.goal} ${row.metric}`,
      // a study whose stop rule ended it is done, though short of its target
      `${row.target === null ? String(row.finished) : `${row.finished}/${row.target}`}${row.stoppedEarly === null ? '' : ' stopped'}`,
      String(row.counts.complete),
      String(row.counts.failed),
      String(row.counts.pruned),
      // a dead tuner's trials stay running until a resume or another worker takes them over
      `${row.counts.running}${row.silent === 0 ? '' : ` (${row.silent} silent)`}`,
      row.best === null ? '-' : `${formatValue(row.best.value)} (${row.best.id})`,
      localTime(row.createdAt),
      localTime(row.lastActivityAt),
      formatDuration(row.trialTimeS),
      formatBytes(row.diskBytes),
      row.command === '' ? '(ask and tell)' : row.command,
    ]);
  const { keep, command } = fitted(cells, options.width);
  const table = new Table({
    head: keep.map((i) => HEAD[i] as string),
    style: options.color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    colAligns: keep.map((i) => ALIGNS[i] ?? 'left'),
    // no rule between rows: a listing reads as one block
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of cells) table.push(keep.map((i) => (i === HEAD.length - 1 ? shorten(row[i] ?? '', command) : (row[i] ?? ''))));
  const count = rows.length === 1 ? '1 study' : `${rows.length} studies`;
  return `${count} in ${options.location}, most recently active first\n${table.toString()}\n`;
}

export function noStudiesMessage(location: string): string {
  return `No studies in ${location} yet; start one with \`hypertune run space.yaml -- <command>\`.`;
}

/** `2025-03-14 09:26`, in the reader's time zone. */
export function localTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** At most `max` characters, the middle replaced by `…`. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** `812 B`, `4.2 kB`, `37 MB`, `1.6 GB`: decimal units, as `du -h --si` and file managers show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = '';
  for (const next of units) {
    value /= 1000;
    unit = next;
    if (value < 1000) break;
  }
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${unit}`;
}

/** The columns kept and the command's length, so that the table fits `width` where it can. */
function fitted(cells: ReadonlyArray<readonly string[]>, width: number | undefined): { keep: number[]; command: number } {
  const widthOf = (i: number): number => Math.max((HEAD[i] as string).length, ...cells.map((row) => (row[i] ?? '').length));
  let keep = HEAD.map((_, i) => i);
  let command = Math.min(MAX_COMMAND, widthOf(HEAD.length - 1));
  // each column takes its text, a space either side and a border
  const total = (): number => keep.reduce((sum, i) => sum + (i === HEAD.length - 1 ? command : widthOf(i)) + 3, 1);
  if (width === undefined) return { keep, command };
  // a short command is never widened to the floor
  const floor = Math.min(MIN_COMMAND, command);
  for (const name of DROP_ORDER) {
    if (total() <= width) break;
    command = Math.max(floor, command - (total() - width));
    if (total() <= width) break;
    keep = keep.filter((i) => HEAD[i] !== name);
  }
  command = Math.max(floor, command - Math.max(0, total() - width));
  return { keep, command };
}
