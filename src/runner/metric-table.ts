// Metrics printed as columns rather than as `name: value`: a header line naming the columns, then a
// row per epoch (fastai's `fit` table; a script's `print(f"{epoch:5d} {train:.4f} {val:.4f}")` under
// a header), and the two-cell line `val_loss 0.25` (Python's `print("val_loss", v)`, the rows of
// Lightning's test and validation tables, with or without their box-drawing bars).
import { parseMetricNumber } from './metric-number.js';

// Cells are separated by runs of spaces, or by a tab, comma or vertical bar (`|`, or the box
// drawings `│` and `┃`) with any spaces around it.
const CELL_BREAK = /\s*[|\u2502\u2503,\t]\s*|\s+/;
// A column's name: a word starting with a letter, with the characters metric names carry; where a tab
// or a bar separates the cells, words of such (`Val Loss`, as pandas and hand-made tables head them)
const NAME = /^[A-Za-z_][\w./%()-]*$/;
const SPACED_NAME = /^[A-Za-z_][\w./%()-]*(?: [A-Za-z_][\w./%()-]*)*$/;
const BAR_OR_TAB = /\s*[|\u2502\u2503\t]\s*/;
// scikit-learn's verbose table heads its columns `Iter`, `Train Loss`, `Remaining Time`, two or more
// spaces apart, over rows of single numbers: a header of such names is split at those runs
const WIDE_BREAK = /\s{2,}/;
const STEP_COLUMNS = ['epoch', 'step', 'iter', 'iteration'];

/** The cells of a line whose cells a tab or a bar separates: spaces stay within them. */
function separatedCells(line: string): string[] {
  return line
    .trim()
    .split(BAR_OR_TAB)
    .filter((cell) => cell !== '');
}

export function cellsOf(line: string): string[] {
  return line
    .trim()
    .split(CELL_BREAK)
    .filter((cell) => cell !== '');
}

export interface TableRead {
  value: number;
  /** The cell the value was read from, as printed (a comma in it may be a decimal one: CommaJudge). */
  text: string;
  /** The row's `epoch` or `step` column, when the table has one. */
  step: number | undefined;
}

export interface TableReader {
  /**
   * Reads one line; the metric's value when the line is a row of a table naming it, or `name value`.
   * `valuesBefore`: the metric was read already (a table printed after the epochs' lines repeats them).
   */
  read(line: string, valuesBefore?: boolean): TableRead | undefined;
}

interface Header {
  /** Comma-separated: rows keep their empty cells (a CSV log leaves a metric blank in rows that lack it). */
  csv: boolean;
  /** A tab or a bar separates the cells (names may hold spaces): rows are split the same way. */
  separated: boolean;
  columns: number;
  metricAt: number;
  stepAt: number;
  /** Lines read since the header: pandas' index shows in the first (its name, or the first row). */
  after: number;
  /** The metric was read before the header: a pandas history printed after the epochs is not read again. */
  valuesBefore: boolean;
  /** pandas' `print(df)`: each row starts with the index, a cell the header has no name for. */
  indexed: boolean;
  /** The index is named `epoch` or `step` (pandas prints the name under the header): it gives the step. */
  indexStep: boolean;
}

/** A header's reading state before its first row (pandas' index not yet seen). */
const UNREAD = { after: 0, valuesBefore: false, indexed: false, indexStep: false } as const;

/** A whole number, or the `3` of `3/100` (ultralytics' and Keras' epoch columns). */
function stepCell(cell: string | undefined): number | undefined {
  const match = /^(\d+)(?:\/\d+)?$/.exec(cell ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function createTableReader(metric: string): TableReader {
  const name = metric.toLowerCase();
  let header: Header | null = null;
  return {
    read(line, valuesBefore = false) {
      // a `name value` line and a header both hold the name: every other line of a program that
      // prints no table is passed over without being split (this runs on each line of output)
      const holdsName = line.toLowerCase().includes(name);
      if (!holdsName && header === null) return undefined;
      const cells = cellsOf(line);
      if (holdsName) {
        const alone = cells.length === 2 && cells[0]?.toLowerCase() === name ? parseMetricNumber(cells[1] as string) : undefined;
        if (alone !== undefined) return { value: alone, text: cells[1] as string, step: undefined };
        // a header names the metric among words only; it replaces the table before it
        const csv = line.includes(',');
        const separated = !csv && BAR_OR_TAB.test(line);
        const named = headerOf(csv ? csvCells(line) : separated ? separatedCells(line) : cells, name, csv, separated) ?? (csv || separated ? null : wideHeaderOf(line, name));
        if (named !== null) {
          header = { ...named, valuesBefore };
          return undefined;
        }
        // the name alone heads a one-column frame (`print(df[["val_loss"]])`): its rows are pandas' index
        // and the value, never the table before's (whose `epoch` column took the index; a user audit)
        if (cells.length === 1 && cells[0]?.toLowerCase() === name) {
          header = { csv: false, separated: false, columns: 1, metricAt: 0, stepAt: -1, ...UNREAD, valuesBefore };
          return undefined;
        }
      }
      if (header === null) return undefined;
      header.after += 1;
      if (header.after === 1 && pandasIndexName(header, cells)) return undefined;
      // a row has the header's number of cells, each holding a digit (numbers, `00:01`, `3/100`, `2.1G`),
      // so a log line in between (`Saving model 3`) is not taken for one; a CSV row may leave cells empty.
      // A `nan` or `inf` cell is a number too: fastai's row whose accuracy was nan was no row, and its
      // epoch's valid_loss was lost (the result was the epoch before's; a user audit)
      const row = header.csv ? csvCells(line) : header.separated ? separatedCells(line) : cells;
      const isCell = (cell: string): boolean => /\d/.test(cell) || parseMetricNumber(cell) !== undefined || (header?.csv === true && cell === '');
      if (header.after === 1 && pandasIndexRow(header, row)) header.indexed = true;
      const shift = header.indexed ? 1 : 0;
      if (header.columns === 1 && shift === 0) return undefined;
      if (row.length !== header.columns + shift || !row.every(isCell)) return undefined;
      const text = row[header.metricAt + shift] as string;
      const value = parseMetricNumber(text);
      if (value === undefined) return undefined;
      const stepAt = header.indexStep ? 0 : header.stepAt < 0 ? -1 : header.stepAt + shift;
      return { value, text, step: stepAt < 0 ? undefined : stepCell(row[stepAt]) };
    },
  };
}

/** A CSV line's cells, trimmed and unquoted (`"val_loss"` -> `val_loss`). */
function csvCells(line: string): string[] {
  return line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * The header `cells` make when they are names only, one of them the metric; null when they are not
 * one. A CSV header may leave a cell empty (pandas' `to_csv` heads its index column so).
 */
function headerOf(cells: string[], name: string, csv: boolean, separated: boolean): Header | null {
  const lower = cells.map((cell) => cell.toLowerCase());
  const isName = (cell: string): boolean => (csv || separated ? SPACED_NAME : NAME).test(cell) && parseMetricNumber(cell) === undefined;
  if (cells.length < 2 || !lower.includes(name) || !cells.every((cell) => isName(cell) || (csv && cell === ''))) return null;
  return { csv, separated, columns: cells.length, metricAt: lower.indexOf(name), stepAt: lower.findIndex((cell) => STEP_COLUMNS.includes(cell)), ...UNREAD };
}

// pandas' `print(df)` heads the columns but not the index, so each row has one cell more than the
// header: a history printed so (`   epoch  val_loss` over `0      1     0.41`) was read as no table at
// all (a user audit). The index shows right under the header, as pandas prints it: a first row that
// starts with a whole number, or the index's name alone on the line (`df.set_index("epoch")`, which
// then gives the step). A table whose rows start a line later (scikit-learn's classification_report,
// a blank line under its header, its rows headed by class labels) is read as before, and so is one
// printed after the metric's own lines (`print(pd.DataFrame(history))` after the epochs: the curve
// is not read twice).

/** The line right under a space-separated header is pandas' index name: the rows are indexed. */
function pandasIndexName(header: Header, cells: string[]): boolean {
  const [name] = cells;
  if (header.csv || header.separated || header.valuesBefore || cells.length !== 1 || name === undefined || !NAME.test(name) || parseMetricNumber(name) !== undefined) return false;
  header.indexed = true;
  if (STEP_COLUMNS.includes(name.toLowerCase())) header.indexStep = true;
  return true;
}

/** The first row under a space-separated header starts with pandas' whole-number index. */
function pandasIndexRow(header: Header, row: string[]): boolean {
  return !header.csv && !header.separated && !header.valuesBefore && !header.indexed && row.length === header.columns + 1 && /^\d+$/.test(row[0] ?? '');
}

/** A header whose names hold single spaces, the columns two or more spaces apart; its rows split at any space. */
function wideHeaderOf(line: string, name: string): Header | null {
  const named = headerOf(line.trim().split(WIDE_BREAK), name, false, true);
  return named === null ? null : { ...named, separated: false };
}
