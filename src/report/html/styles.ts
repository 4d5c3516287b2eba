/** The page's own style sheet (uPlot's comes with its script). Light, quiet, print-friendly. */
export const REPORT_CSS = String.raw`
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --card:#ffffff; --bg:#f6f7f9;
  --good:#1a9850; --bad:#d73027; --accent:#3b6fd8; --best:#f59e0b; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 60px; }
header h1 { font-size: 22px; margin: 0 0 4px; font-weight: 650; letter-spacing: -0.01em; }
header h1 .tool { color: var(--muted); font-weight: 500; }
.sub { color: var(--muted); margin: 0 0 16px; }
.chips { display:flex; flex-wrap:wrap; gap:8px; margin: 10px 0 4px; }
.chip { background:var(--card); border:1px solid var(--line); border-radius:999px; padding:3px 11px; font-size:13px; }
.chip b { font-variant-numeric: tabular-nums; }
.chip.failed b { color: var(--bad); } .chip.running b { color: var(--accent); } .chip.pruned b { color: #4b5563; }
.live { color: var(--accent); font-weight: 600; }
.live-bar { position: fixed; right: 16px; bottom: 16px; max-width: 520px; padding: 10px 14px; background: #fffbe6; border: 1px solid #f59e0b; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.15); z-index: 10; }
.live-bar button { margin-left: 8px; }
section.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px 18px; margin: 16px 0; }
section.card > h2 { font-size: 16px; margin: 0 0 2px; font-weight: 650; }
section.card > p.hint { color: var(--muted); margin: 0 0 12px; font-size: 13px; }
.best { display:grid; grid-template-columns: auto 1fr; gap: 4px 18px; align-items: baseline; }
.best .value { font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; }
.best-notes { margin-top: 12px; border-top: 1px solid var(--line); padding-top: 8px; font-size: 13px; }
.best-notes p { margin: 2px 0; font-variant-numeric: tabular-nums; }
.best-notes p.more { padding-left: 1.4em; color: #374151; }
.best-notes p:not(.more):not(:first-child) { margin-top: 8px; }
.kv { display:flex; flex-wrap:wrap; gap: 6px 16px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.kv span i { color: var(--muted); font-style: normal; }
.grid { display:grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px; }
.grid.wide { grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); }
.panel { border:1px solid var(--line); border-radius:8px; padding: 8px 10px 4px; min-width: 0; }
.panel h3 { font-size: 13px; margin: 0 0 4px; font-weight: 600; font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.panel h3 small { color: var(--muted); font-weight: 400; font-family: system-ui, sans-serif; }
.panel .note { color: var(--muted); font-size: 12px; min-height: 1.4em; }
.plot { width: 100%; min-height: 40px; }
.empty { color: var(--muted); font-style: italic; padding: 8px 0; }
.slider { display:flex; align-items:center; gap: 12px; margin: 6px 0 14px; position: sticky; top: 0;
  background: var(--card); padding: 8px 0; z-index: 5; border-bottom: 1px solid var(--line); }
.slider input { flex: 1; accent-color: var(--accent); }
.slider output { font-variant-numeric: tabular-nums; min-width: 270px; }
.legend { display:flex; gap: 14px; flex-wrap: wrap; font-size: 12px; color: var(--muted); margin-bottom: 8px; }
.legend i { display:inline-block; width: 14px; height: 3px; vertical-align: middle; margin-right: 5px; border-radius: 2px; }
table.trials { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
.table-wrap { overflow: auto; max-height: 560px; border: 1px solid var(--line); border-radius: 8px; }
table.trials th { position: sticky; top: 0; background: #f9fafb; text-align: left; padding: 6px 10px; cursor: pointer;
  border-bottom: 1px solid var(--line); white-space: nowrap; user-select: none; }
table.trials th[aria-sort="ascending"]::after { content: " \25B2"; color: var(--accent); }
table.trials th[aria-sort="descending"]::after { content: " \25BC"; color: var(--accent); }
table.trials td { padding: 4px 10px; border-bottom: 1px solid #f1f2f4; white-space: nowrap; }
table.trials td.num { text-align: right; }
table.trials td.latest { color: var(--muted); }
table.trials td .stop { color: var(--muted); display: inline-block; min-width: 6.5em; text-align: left; white-space: pre; }
table.trials tr.is-best td { background: #fff7e6; }
.more { margin-top: 8px; font-size: 13px; color: var(--muted); }
.more button { font: inherit; margin-right: 8px; padding: 2px 10px; border: 1px solid var(--line); border-radius: 6px; background: #f9fafb; cursor: pointer; }
table.trials tr.is-model-best td { background: #eef3fc; }
table.trials td .tag { color: var(--accent); border: 1px solid var(--accent); border-radius: 4px; padding: 0 5px; margin-right: 8px; font-size: 11px; }
.noise-note { margin: 12px 0 0; padding: 8px 12px; border-left: 3px solid var(--best); background: #fffbeb; font-size: 13px; }
.noise-note code { display: block; width: fit-content; max-width: 100%; margin-top: 4px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  background: #f3f4f6; padding: 2px 6px; border-radius: 4px; white-space: nowrap; overflow-x: auto; }
table.gp-choice { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; margin: 6px 0; }
table.gp-choice th, table.gp-choice td { padding: 4px 12px 4px 0; text-align: left; }
table.gp-choice tr.picked td { font-weight: 700; color: var(--accent); }
.state { display:inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; }
.state.complete { background:#e8f5ee; color:#166534; } .state.failed { background:#fdecea; color:#b42318; }
.state.running { background:#e8effc; color:#1d4ed8; } .state.interrupted { background:#f3f4f6; color:#4b5563; }
.state.pruned { background:#eef0f3; color:#374151; }
details.failure { border:1px solid var(--line); border-left: 3px solid var(--bad); border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
details.failure summary { cursor: pointer; }
details.failure pre { background:#111827; color:#e5e7eb; padding: 10px 12px; border-radius: 6px; overflow:auto; font-size: 12px; margin: 8px 0 2px; }
footer { color: var(--muted); font-size: 12px; max-width: 1240px; margin: 0 auto; padding: 0 20px 30px; }
.u-legend { font-size: 12px; }
.u-over canvas.hover { position: absolute; left: 0; top: 0; pointer-events: none; }
`;
