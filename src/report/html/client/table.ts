import type { ParamValue } from '../../../space/types.js';
import type { ReportTrial } from '../report-data.js';
import { lastPoint, stepAt } from './curve-points.js';
import { D, isBest, isModelBest } from './data.js';
import { el, paramPair, section } from './dom.js';
import { fmt, valueText } from './format.js';

type Cell = ParamValue | null;

interface Column {
  key: string;
  label: string;
  get: (t: ReportTrial) => Cell;
  num?: boolean;
}

/** Empty cells sort last whichever the direction; numbers by value, the rest as text. */
function compare(a: Cell, b: Cell): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function columnsOf(): Column[] {
  return [
    { key: 'id', label: 'trial', get: (t: ReportTrial): Cell => t.id, num: true },
    { key: 'state', label: 'state', get: (t: ReportTrial): Cell => t.state },
    { key: 'value', label: D.metric, get: (t: ReportTrial): Cell => t.value, num: true },
    // one named as a parameter (a printed lr beside the tuned lr) is extra.<name>, as in summary
    ...D.extraMetrics.map((name) => ({ key: 'm:' + name, label: D.params.some((p) => p.label === name) ? 'extra.' + name : name, get: (t: ReportTrial): Cell => t.extras[name] ?? null, num: true })),
    ...D.params.map((p) => ({ key: 'p:' + p.label, label: p.label, get: (t: ReportTrial): Cell => t.params[p.label] ?? null, num: p.kind !== 'choice' })),
    { key: 'duration', label: 'duration s', get: (t: ReportTrial): Cell => t.durationS, num: true },
    { key: 'startup', label: 'start-up', get: (t: ReportTrial): Cell => (t.startup ? 'yes' : '') },
    { key: 'sampler', label: 'sampler', get: (t: ReportTrial): Cell => t.sampler ?? null },
  ];
}

/**
 * Rows drawn at a time: a study of 5,000 trials and 50 parameters made 250,000 cells, and each click on
 * a column laid them all out again (about 10 s in Chromium on a busy 2-core machine, the page frozen
 * meanwhile: a scale audit). The rest come a page at a time, or all at once, by the buttons below.
 */
export const TABLE_PAGE = 200;

/** Every trial, sortable by any column (click; again to reverse); the best trial highlighted. */
export function renderTable(): void {
  const pruned = D.trials.some((t) => t.stoppedAt !== null);
  // a running trial's latest value beside the results, marked, as a pruned trial's last one is
  const running = D.trials.some((t) => t.state === 'running' && lastPoint(t) !== null);
  const hint = 'Click a column to sort; click again to reverse. The best trial is highlighted.' + (D.noise === null ? '' : " The trial the model rates best (the note under the best trial) is marked model's best.") + (pruned ? ' A pruned trial\'s ' + D.metric + ' is the last it reported; @ step N is the step the pruner stopped it at.' : '') + (running ? ' A running trial shows the latest ' + D.metric + ' it reported (at step N, in grey) and how long it has run.' : '');
  const card = section('trials', 'Trials', hint);
  const columns = columnsOf();
  const table = el('table', { class: 'trials' });
  const head = el('tr', {});
  table.appendChild(el('thead', {}, [head]));
  const body = el('tbody', {});
  table.appendChild(body);
  let sortKey = 'id';
  let ascending = true;
  let rows: ReportTrial[] = [];
  const more = el('div', { class: 'more' });
  columns.forEach((c) => {
    const th = el('th', { text: c.label, 'data-key': c.key, scope: 'col' });
    th.addEventListener('click', () => {
      ascending = sortKey === c.key ? !ascending : true;
      sortKey = c.key;
      fill();
    });
    head.appendChild(th);
  });
  const rowOf = (t: ReportTrial): HTMLTableRowElement => {
    const tr = el('tr', { class: isBest(t) ? 'is-best' : isModelBest(t) ? 'is-model-best' : '' });
    columns.forEach((c) => {
      const v = c.get(t);
      if (c.key === 'state') tr.appendChild(el('td', t.silentS === undefined ? {} : { title: 'no heartbeat from its worker for ' + Math.round(t.silentS) + ' s when the report was made: its tuner may be gone (a resume or another worker takes the trial over)' }, [el('span', { class: 'state ' + t.state, text: t.silentS === undefined ? t.state : t.state + ', silent' })]));
      else if (c.key === 'value' && (pruned || running)) tr.appendChild(valueCell(t));
      else if (c.key === 'id' && isModelBest(t)) tr.appendChild(modelBestCell(t));
      else {
        const value = v === '' ? { text: '', title: null } : v === null ? { text: '–', title: null } : valueText(v, 40);
        tr.appendChild(el('td', { class: c.num ? 'num' : '', text: value.text, ...(value.title === null ? {} : { title: value.title }) }));
      }
    });
    return tr;
  };
  /** Draws the sorted rows up to `count` (those drawn already stay), and says how many are left. */
  function show(count: number): void {
    const fragment = document.createDocumentFragment();
    rows.slice(body.children.length, count).forEach((t) => fragment.appendChild(rowOf(t)));
    body.appendChild(fragment);
    const drawn = body.children.length;
    table.setAttribute('data-rows', drawn + ' of ' + rows.length);
    const left = rows.length - drawn;
    if (left <= 0) {
      more.replaceChildren();
      return;
    }
    const button = (text: string, to: number): HTMLButtonElement => {
      const b = el('button', { type: 'button', text });
      b.addEventListener('click', () => show(to));
      return b;
    };
    const buttons = [button('Show ' + Math.min(TABLE_PAGE, left) + ' more', drawn + TABLE_PAGE)];
    if (left > TABLE_PAGE) buttons.push(button('Show all ' + rows.length + ' (slow)', rows.length));
    more.replaceChildren(el('span', { text: 'Showing the first ' + drawn + ' of ' + rows.length + ' trials in this order; a click on a column sorts them all. ' }), ...buttons);
  }
  function fill(): void {
    const column = columns.find((c) => c.key === sortKey) ?? columns[0];
    if (column === undefined) return;
    rows = D.trials.slice().sort((x, y) => {
      const a = column.get(x);
      const b = column.get(y);
      if (a === null || b === null) return compare(a, b) || x.id - y.id;
      return (ascending ? compare(a, b) : compare(b, a)) || x.id - y.id;
    });
    Array.from(head.children).forEach((th) => {
      if (th.getAttribute('data-key') === sortKey) th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    body.replaceChildren();
    show(TABLE_PAGE);
  }
  fill();
  card.appendChild(el('div', { class: 'table-wrap' }, [table]));
  card.appendChild(more);
}

/**
 * A value, a pruned trial's with the step it was stopped at: sorted by value, a partial run sat among full
 * ones with nothing to tell them apart (a user audit). Every row keeps the step's room, so digits line up.
 */
function valueCell(t: ReportTrial): HTMLTableCellElement {
  const latest = t.state === 'running' ? lastPoint(t) : null;
  if (latest !== null) return el('td', { class: 'num latest', title: 'running: the latest value it reported, at step ' + latest.step + '; not a result yet' }, [fmt(latest.value), el('span', { class: 'stop', text: ' @ step ' + latest.step })]);
  const value = t.value === null ? '\u2013' : fmt(t.value);
  if (t.stoppedAt === null) return el('td', { class: 'num' }, [value, el('span', { class: 'stop' })]);
  const reached = t.curve.length === 0 ? t.stoppedAt : stepAt(t, t.curve.length - 1);
  const past = reached > t.stoppedAt ? ' (at step ' + reached + ', printed before the stop landed)' : '';
  const title = 'pruned at step ' + t.stoppedAt + ': the last value it reported' + past + ', not a full run';
  return el('td', { class: 'num', title }, [value, el('span', { class: 'stop', text: ' @ step ' + t.stoppedAt })]);
}

/** The model's pick: the tag before the id, so the ids stay right-aligned. */
function modelBestCell(t: ReportTrial): HTMLTableCellElement {
  const predicted = D.noise === null ? '' : ': predicted ' + fmt(D.noise.pick.predicted);
  return el('td', { class: 'num', title: 'the model of the study rates this configuration best' + predicted }, [el('span', { class: 'tag', text: "model's best" }), String(t.id)]);
}

/** Failed trials, each with its reason and error tail (as text, never markup); the first one open. */
export function renderFailures(): void {
  const failed = D.trials.filter((t) => t.state === 'failed');
  const card = section('failures', 'Failed trials', failed.length === 0 ? null : failed.length + ' trial' + (failed.length === 1 ? '' : 's') + ' failed; each shows its reason and the last lines of its error output.');
  if (failed.length === 0) {
    card.appendChild(el('p', { class: 'empty', text: 'No trial failed.' }));
    return;
  }
  failed.forEach((t, i) => {
    const error = t.error || '(no error text recorded)';
    const lines = error.split('\n').filter((line) => line.trim() !== '');
    // the last line of an error tail is usually the exception itself
    const first = lines.length > 1 ? (lines[lines.length - 1] ?? '').trim() : (lines[0] ?? '');
    const attrs: Record<string, string> = { class: 'failure' };
    if (i === 0) attrs['open'] = '';
    card.appendChild(
      el('details', attrs, [
        el('summary', {}, [el('b', { text: 'trial ' + t.id }), ' · exit ' + (t.exitCode === null ? '–' : t.exitCode) + ' · ' + first]),
        el('div', { class: 'kv' }, Object.keys(t.params).map((k) => {
          const value = valueText(t.params[k]);
          return paramPair(k, value.text, value.title);
        })),
        el('pre', { text: error }),
      ]),
    );
  });
}
