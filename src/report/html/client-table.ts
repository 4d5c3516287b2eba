/** Browser code: the sortable trial table and the failed trials with their error tails. */
export const CLIENT_TABLE = String.raw`
function renderTable() {
  const card = section('trials', 'Trials', 'Click a column to sort; click again to reverse. The best trial is highlighted.');
  const columns = [
    { key: 'id', label: 'trial', get: function (t) { return t.id; }, num: true },
    { key: 'state', label: 'state', get: function (t) { return t.state; } },
    { key: 'value', label: D.metric, get: function (t) { return t.value; }, num: true },
  ].concat(D.params.map(function (p) {
    return { key: 'p:' + p.label, label: p.label, get: function (t) { const v = t.params[p.label]; return v === undefined ? null : v; }, num: p.kind !== 'choice' };
  }), [
    { key: 'duration', label: 'duration s', get: function (t) { return t.durationS; }, num: true },
    { key: 'startup', label: 'start-up', get: function (t) { return t.startup ? 'yes' : ''; } },
    { key: 'sampler', label: 'sampler', get: function (t) { return t.sampler === null || t.sampler === undefined ? null : t.sampler; } },
  ]);
  const table = el('table', { class: 'trials' });
  const head = el('tr', {});
  table.appendChild(el('thead', {}, [head]));
  const body = el('tbody', {});
  table.appendChild(body);
  let sortKey = 'id', ascending = true;
  columns.forEach(function (c) {
    const th = el('th', { text: c.label, 'data-key': c.key, scope: 'col' });
    th.addEventListener('click', function () {
      ascending = sortKey === c.key ? !ascending : true;
      sortKey = c.key;
      fill();
    });
    head.appendChild(th);
  });
  function compare(a, b) {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b));
  }
  function fill() {
    const column = columns.find(function (c) { return c.key === sortKey; });
    const rows = D.trials.slice().sort(function (x, y) {
      const a = column.get(x), b = column.get(y);
      if (a === null || b === null) return compare(a, b) || x.id - y.id;
      return (ascending ? compare(a, b) : compare(b, a)) || x.id - y.id;
    });
    Array.prototype.forEach.call(head.children, function (th) {
      if (th.getAttribute('data-key') === sortKey) th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    const fragment = document.createDocumentFragment();
    rows.forEach(function (t) {
      const tr = el('tr', { class: D.best && t.id === D.best.id ? 'is-best' : '' });
      columns.forEach(function (c) {
        const v = c.get(t);
        if (c.key === 'state') tr.appendChild(el('td', {}, [el('span', { class: 'state ' + t.state, text: t.state })]));
        else tr.appendChild(el('td', { class: c.num ? 'num' : '', text: v === null || v === '' ? (v === '' ? '' : '–') : fmt(v) }));
      });
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
  }
  fill();
  card.appendChild(el('div', { class: 'table-wrap' }, [table]));
}

function renderFailures() {
  const failed = D.trials.filter(function (t) { return t.state === 'failed'; });
  const card = section('failures', 'Failed trials', failed.length === 0 ? null : failed.length + ' trial' + (failed.length === 1 ? '' : 's') + ' failed; each shows its reason and the last lines of its error output.');
  if (failed.length === 0) { card.appendChild(el('p', { class: 'empty', text: 'No trial failed.' })); return; }
  failed.forEach(function (t, i) {
    const error = t.error || '(no error text recorded)';
    const lines = error.split('\n').filter(function (line) { return line.trim() !== ''; });
    // the last line of an error tail is usually the exception itself
    const first = lines.length > 1 ? lines[lines.length - 1].trim() : (lines[0] || '');
    const attrs = { class: 'failure' };
    if (i === 0) attrs.open = '';
    card.appendChild(el('details', attrs, [
      el('summary', {}, [el('b', { text: 'trial ' + t.id }), ' · exit ' + (t.exitCode === null ? '–' : t.exitCode) + ' · ' + first]),
      el('div', { class: 'kv' }, Object.keys(t.params).map(function (k) { return el('span', {}, [el('i', { text: k + '=' }), fmt(t.params[k])]); })),
      el('pre', { text: error }),
    ]));
  });
}
`;
