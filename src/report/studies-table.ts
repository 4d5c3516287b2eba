import Table from 'cli-table3';
import { formatDuration, formatValue } from './format.js';
import type { StudyRow } from './studies.js';

export interface StudiesTableOptions {
  /** Where the studies were looked for, for the headline and the empty message. */
  location: string;
  color: boolean;
}

/** Commands longer than this lose their middle: the program's start and the script's end say most. */
const MAX_COMMAND = 40;

/** The human listing: one row per study, in the rows' order; one line when there is none. */
export function formatStudiesTable(rows: readonly StudyRow[], options: StudiesTableOptions): string {
  if (rows.length === 0) return `${noStudiesMessage(options.location)}\n`;
  const table = new Table({
    head: ['study', 'goal', 'trials', 'complete', 'failed', 'pruned', 'running', 'best (trial)', 'created', 'last activity', 'trial time', 'on disk', 'command'],
    style: options.color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left', 'right', 'right', 'left'],
    // no rule between rows: a listing reads as one block
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) {
    table.push([
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
      row.command === '' ? '(ask and tell)' : shorten(row.command, MAX_COMMAND),
    ]);
  }
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
