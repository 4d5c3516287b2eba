// The HTML report at scale (issue 11): a study of 1,000 trials with 27 reported values each (a third
// of them pruned early), as one page. Prints the page's size, the share of the learning curves, and
// the time headless Chromium takes to draw every view, with and without the curves; then the time
// of one pointer move over the curves. Needs /usr/bin/chromium.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { propose } from '../../dist/engine/index.js';
import { buildReportHtml } from '../../dist/report/html/report.js';
import { parseSpace } from '../../dist/space/index.js';
import { replay } from '../../dist/study/replay.js';

export const name = 'report';
export const description = 'the HTML report of 1,000 trials x 27 steps: size and render time in Chromium';

const CHROMIUM = '/usr/bin/chromium';
const SPACE = 'metric: loss\nparams:\n  lr: loguniform(1e-5, 1)\n  layers: quniform(1, 6, 1)\n  dropout: uniform(0, 0.5)\n  optimizer: choice(sgd, adam, rmsprop)\n';

function loss(params) {
  const opt = params.optimizer === 'adam' ? 0 : params.optimizer === 'rmsprop' ? 0.15 : 0.3;
  return 0.2 + 0.25 * (Math.log10(params.lr) + 2.5) ** 2 + 0.05 * (params.layers - 3) ** 2 + 0.3 * (params.dropout - 0.2) ** 2 + opt;
}

/** Random proposals (fast at 1,000 trials); curves fall towards the loss; every third trial pruned at step 3 or 9. */
function study(trials, steps) {
  const space = parseSpace(SPACE, { file: null });
  const events = [{ type: 'study_created', meta: { name: 'bench', spaceText: SPACE, spaceFile: null, command: ['train'], options: { algo: 'tpe', seed: 1 }, target: trials, createdAt: 0 } }];
  const history = [];
  let clock = 1_000;
  for (let id = 0; id < trials; id++) {
    const { params, startup, sampler } = propose(space, history, id, { algo: 'random', seed: 1, goal: 'minimize' });
    events.push({ type: 'trial_asked', id, params, startup, sampler, worker: 'bench:1', at: clock, retryOf: null }, { type: 'trial_started', id, worker: 'bench:1', at: clock });
    const final = loss(params);
    const stop = id % 3 === 1 ? (id % 2 === 0 ? 3 : 9) : steps;
    const curve = Array.from({ length: stop }, (_, k) => final + (1 + 3 * final) * Math.exp((-3 * (k + 1)) / steps) * (1 + 0.04 * Math.sin(id + k)));
    curve.forEach((value) => events.push({ type: 'trial_intermediate', id, value, at: clock }));
    const state = stop < steps ? 'pruned' : 'complete';
    events.push({ type: 'trial_finished', id, state, value: curve.at(-1), exitCode: 0, error: null, at: (clock += 100) });
    history.push({ id, params, state: state === 'complete' ? 'complete' : 'failed', value: state === 'complete' ? curve.at(-1) : null });
  }
  return { space, state: replay(events) };
}

function page(space, state) {
  const require = createRequire(import.meta.url);
  const assets = { script: readFileSync(require.resolve('#report/client.js'), 'utf8'), css: readFileSync(require.resolve('#report/client.css'), 'utf8') };
  return buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 1 }, generatedAt: new Date(0), assets });
}

/** Median wall time from navigation to every view drawn, and the page's own time per view (last round). */
async function timeToReady(browser, file, rounds) {
  const times = [];
  let views = {};
  for (let i = 0; i < rounds; i++) {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = performance.now();
    await tab.goto(pathToFileURL(file).href);
    await tab.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    times.push(performance.now() - started);
    views = JSON.parse(await tab.$eval('body', (b) => b.getAttribute('data-timings')));
    await tab.close();
  }
  return { ms: times.sort((a, b) => a - b)[Math.floor(rounds / 2)], views };
}

export async function run(options) {
  const trials = Number(options.trials ?? 1000);
  const steps = Number(options.steps ?? 27);
  const rounds = Number(options.rounds ?? 3);
  const { space, state } = study(trials, steps);
  const started = performance.now();
  const withCurves = page(space, state);
  const buildMs = performance.now() - started;
  const flat = structuredClone(state);
  flat.trials.forEach((t) => (t.intermediate = t.intermediate.slice(-1)));
  const withoutCurves = page(space, flat);
  const kb = (text) => (Buffer.byteLength(text) / 1024).toFixed(0);
  console.log(`| ${trials} trials x ${steps} steps | page KB | building it (Node) ms | drawn in Chromium ms (median of ${rounds}) |`);
  console.log('|---|---:|---:|---:|');
  if (!existsSync(CHROMIUM)) {
    console.log(`| with curves | ${kb(withCurves)} | ${buildMs.toFixed(0)} | skipped: no ${CHROMIUM} |`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-bench-report-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  try {
    writeFileSync(join(dir, 'curves.html'), withCurves);
    writeFileSync(join(dir, 'flat.html'), withoutCurves);
    const drawn = await timeToReady(browser, join(dir, 'curves.html'), rounds);
    const flatDrawn = await timeToReady(browser, join(dir, 'flat.html'), rounds);
    console.log(`| with curves | ${kb(withCurves)} | ${buildMs.toFixed(0)} | ${drawn.ms.toFixed(0)} |`);
    console.log(`| one value per trial (no curve section) | ${kb(withoutCurves)} | – | ${flatDrawn.ms.toFixed(0)} |`);
    const slowest = Object.entries(drawn.views).sort((a, b) => b[1] - a[1]);
    console.log(`\nThe page's own time per view, with curves: ${slowest.map(([view, ms]) => `${view.replace('render', '')} ${ms}`).join(', ')} ms.`);
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.goto(pathToFileURL(join(dir, 'curves.html')).href);
    await tab.waitForSelector('body[data-ready="true"]');
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    // pointer moves dispatched inside the page, each followed by the microtask uPlot draws in
    const perMove = await tab.$eval('#curves .u-over', async (over, moves) => {
      const r = over.getBoundingClientRect();
      const note = over.closest('section')?.querySelector('.note');
      let named = 0;
      const started = performance.now();
      for (let i = 0; i < moves; i++) {
        over.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + (i * r.width) / moves, clientY: r.top + r.height * (0.5 + (0.5 * ((i * 7) % 10)) / 10), bubbles: true }));
        await Promise.resolve();
        if (note?.textContent?.startsWith('trial ')) named++;
      }
      return { ms: (performance.now() - started) / moves, named };
    }, 200);
    if (errors.length > 0 || perMove.named === 0) throw new Error(`the pointer moves named no trial: ${errors.slice(0, 3).join('; ')}`);
    console.log(`\nPointer over the curves: ${perMove.ms.toFixed(2)} ms a move (200 moves inside the page, ${perMove.named} of them on a line: finding the nearest of ${trials} lines, repainting the highlight).`);
  } finally {
    await browser.close();
    if (options.keep === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log('kept ' + dir);
  }
}
