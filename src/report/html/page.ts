import { CLIENT_CORE } from './client-core.js';
import { CLIENT_DENSITY } from './client-density.js';
import { CLIENT_EFFECTS } from './client-effects.js';
import { CLIENT_HISTORY } from './client-history.js';
import { CLIENT_TABLE } from './client-table.js';
import type { ReportData } from './report-data.js';
import { REPORT_CSS } from './styles.js';

/** The plotting library's files, read by the caller (report/ touches no files) and inlined. */
export interface ReportAssets {
  uplotJs: string;
  uplotCss: string;
}

const CLIENT_MAIN = String.raw`
[renderHeader, renderHistory, renderImportance, renderScatters, renderParallel, renderDensities, renderTable, renderFailures].forEach(function (render) {
  try { render(); } catch (error) { console.error('hypertune report: ' + render.name + ' failed: ' + (error && error.stack || error)); }
});
document.body.setAttribute('data-ready', 'true');
`;

/** One self-contained HTML file: data, script, styles and the plotting library inlined; no network. */
export function renderReportHtml(data: ReportData, assets: ReportAssets): string {
  const title = `${data.study} · hypertune report`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // nothing on this page may reach the network, even by mistake
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${escapeStyle(assets.uplotCss)}</style>`,
    `<style>${escapeStyle(REPORT_CSS)}</style>`,
    '</head>',
    '<body>',
    '<main></main>',
    `<footer>Made by hypertune. This file is self-contained and works offline.</footer>`,
    `<script type="application/json" id="report-data">${embedJson(data)}</script>`,
    `<script>${escapeScript(assets.uplotJs)}</script>`,
    `<script>(function () {\n'use strict';\n${escapeScript([CLIENT_CORE, CLIENT_HISTORY, CLIENT_EFFECTS, CLIENT_DENSITY, CLIENT_TABLE, CLIENT_MAIN].join('\n'))}\n})();</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** JSON inside a script element: `<` escaped so no `</script>` or `<!--` in the data can end it. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
