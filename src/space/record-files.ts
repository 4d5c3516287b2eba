// Configurations and results in a file (enqueue --from, add --from): CSV as `summary` writes it and
// spreadsheets export it, or a JSON/YAML list. The file itself is read by load.ts.
import { extname } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { SpaceError } from '../errors.js';
import type { RawRecord } from './records.js';

/**
 * RFC 4180 rows with the line each starts on: quoted fields may hold commas, quotes and line breaks.
 * `quotedEmpty`: the cells written `""`, an empty string, where an empty cell is no value (summary's
 * CSV writes an inactive parameter so, PostgreSQL's COPY a NULL).
 */
export function parseCsvRows(text: string): Array<{ cells: string[]; line: number; quotedEmpty?: number[] }> {
  const rows: Array<{ cells: string[]; line: number; quotedEmpty?: number[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let quotedEmpty: number[] = [];
  let line = 1;
  let rowLine = 1;
  const endCell = (): void => {
    if (wasQuoted && cell === '') quotedEmpty.push(cells.length);
    cells.push(cell);
    cell = '';
    wasQuoted = false;
  };
  const endRow = (): void => {
    endCell();
    if (cells.length > 1 || cells[0] !== '' || quotedEmpty.length > 0) rows.push({ cells, line: rowLine, ...(quotedEmpty.length > 0 ? { quotedEmpty } : {}) });
    cells = [];
    quotedEmpty = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = wasQuoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new Error(`line ${rowLine}: a quoted field is never closed`);
  if (cell !== '' || cells.length > 0 || wasQuoted) endRow();
  return rows;
}

function csvRecords(text: string, file: string): RawRecord[] {
  let rows;
  try {
    rows = parseCsvRows(text);
  } catch (error) {
    throw new SpaceError((error as Error).message.replace(/^line \d+: /, ''), { file, line: Number(/^line (\d+)/.exec((error as Error).message)?.[1]) });
  }
  const [header, ...body] = rows;
  if (header === undefined) throw new SpaceError('the file is empty: expected a header row of labels', { file });
  const names = header.cells.map((name) => name.trim());
  // a column named twice: the last one won without a word (a user audit)
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new SpaceError(`the header names the column ${JSON.stringify(twice)} twice`, { file, line: header.line, label: twice });
  return body.map(({ cells, line, quotedEmpty = [] }) => {
    if (cells.length !== names.length) throw new SpaceError(`${cells.length} fields where the header has ${names.length}`, { file, line });
    const emptyStrings = new Set(quotedEmpty.map((i) => names[i] as string));
    return { fields: Object.fromEntries(names.map((name, i) => [name, (cells[i] as string).trim()])), line, text: true, ...(emptyStrings.size > 0 ? { emptyStrings } : {}) };
  });
}

function documentRecords(text: string, file: string): RawRecord[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) throw new SpaceError(error.message.split('\n')[0] ?? 'not valid YAML or JSON', { file, line: lines.linePos(error.pos[0]).line });
  // a list of configurations, or summary --format json's { trials: [...] }
  let list: Node | null | undefined = doc.contents;
  if (isMap(list) && list.has('trials')) list = list.get('trials', true) as Node;
  if (!isSeq(list)) throw new SpaceError('expected a list of configurations (or an object with `trials`, as summary --format json writes)', { file, line: 1 });
  return list.items.map((item, index) => {
    const line = lines.linePos((item as Node).range?.[0] ?? 0).line;
    if (!isMap(item)) throw new SpaceError(`entry ${index + 1} is not a mapping of labels to values`, { file, line });
    return { fields: item.toJSON() as Record<string, unknown>, line, text: false };
  });
}

/** The records of a .csv, .json, .yaml or .yml file's text (`path` names it and picks the format). */
export function parseRecords(text: string, path: string): RawRecord[] {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return csvRecords(text, path);
  if (['.json', '.yaml', '.yml'].includes(extension)) return documentRecords(text, path);
  throw new SpaceError('expected a .csv, .json, .yaml or .yml file', { file: path });
}

/** `label=value` words from the command line as one record (the values are text, typed by the space). */
export function wordsRecord(words: readonly string[]): RawRecord {
  const fields: Record<string, unknown> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) throw new SpaceError(`expected label=value, got ${JSON.stringify(word)}`, { file: 'command line' });
    const label = word.slice(0, at);
    // the last one silently won (a user audit): one configuration gives each label once
    if (Object.hasOwn(fields, label)) throw new SpaceError(`given twice (${JSON.stringify(fields[label])} and ${JSON.stringify(word.slice(at + 1))}): one configuration gives each label once`, { file: 'command line', label });
    fields[label] = word.slice(at + 1);
  }
  return { fields, line: 0, text: true };
}
