// The report page's script: each view renders on its own, so one that fails (logged to the console)
// leaves the others standing; data-ready tells a waiting test or script that the page is drawn.
// uPlot's style sheet: esbuild puts it in dist/report/client.css, which the page inlines
import 'uplot/dist/uPlot.min.css';
import { renderCurves } from './curves.js';
import { renderDensities } from './density.js';
import { renderScatters } from './effects.js';
import { renderGpModels } from './gp-model.js';
import { renderHeader } from './header.js';
import { renderHistory, renderImportance } from './history.js';
import { renderParallel } from './parallel.js';
import { renderFailures, renderTable } from './table.js';
import { startLive } from './live.js';

const views: ReadonlyArray<[string, () => void]> = [
  ['renderHeader', renderHeader],
  ['renderHistory', renderHistory],
  ['renderCurves', renderCurves],
  ['renderImportance', renderImportance],
  ['renderScatters', renderScatters],
  ['renderParallel', renderParallel],
  ['renderDensities', renderDensities],
  ['renderGpModels', renderGpModels],
  ['renderTable', renderTable],
  ['renderFailures', renderFailures],
];

// milliseconds per view, on the body (data-timings): what `npm run bench -- report` prints for a big study
const timings: Record<string, number> = {};
for (const [name, render] of views) {
  const started = performance.now();
  try {
    render();
  } catch (error) {
    // names spelled out: minified functions have none
    console.error('hypertune report: ' + name + ' failed: ' + ((error instanceof Error && error.stack) || String(error)));
  }
  timings[name] = Math.round(performance.now() - started);
}
document.body.setAttribute('data-timings', JSON.stringify(timings));
document.body.setAttribute('data-ready', 'true');
// served by report --serve: asks whether the study changed (live.ts); a file asks nothing
startLive();
