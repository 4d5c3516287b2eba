import type { ReportData } from './report-data.js';
import { REPORT_CSS } from './styles.js';

/**
 * The page's script and style sheet as the build bundled them (src/report/html/client/ with uPlot,
 * dist/report/html/client.{js,css}), read by the caller (report/ touches no files) and inlined.
 */
export interface ReportAssets {
  script: string;
  css: string;
}

/**
 * A page served live (`report --serve`): its study's stamp when drawn (studyStamp), and how often, in
 * seconds, the page asks the server for the stamp now (`./state`); the one request the page may make.
 */
export interface LivePage {
  stamp: string;
  everyS: number;
}

/** One self-contained HTML file: data, script, styles and the plotting library inlined; no network, unless served live. */
export function renderReportHtml(data: ReportData, assets: ReportAssets, live?: LivePage): string {
  const title = `${data.study} · hypertune report`;
  const connect = live === undefined ? '' : " connect-src 'self';";
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // nothing on this page may reach the network, even by mistake
    // (a served page asks its server, and only it, whether the study changed)
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none';${connect} script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${escapeStyle(assets.css)}</style>`,
    `<style>${escapeStyle(REPORT_CSS)}</style>`,
    '</head>',
    live === undefined ? '<body>' : `<body data-live-stamp="${escapeHtml(live.stamp)}" data-live-every="${live.everyS}">`,
    '<main></main>',
    live === undefined ? `<footer>Made by hypertune. This file is self-contained and works offline.</footer>` : '<footer>Served live by hypertune report --serve.</footer>',
    `<script type="application/json" id="report-data">${embedJson(data)}</script>`,
    // after the data: the script reads it as it starts
    `<script>${escapeScript(assets.script)}</script>`,
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
