// The report of an awkward study, as a user audit found it: losses of -8.6e12, a parameter over 1e9..1e12,
// a choice whose options nest parameters (one nests none), a very long name, and pruned trials.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import type { ChoiceNode, Space } from '../../src/space/types.js';
import { drawnTexts, labelTrouble, recordCanvasText } from './canvas-text.js';
import { available, builtAssets, CHROMIUM, FLAGS, openReport, reason, type OpenedReport } from './open-report.js';
import { demoStudy, numeric, spaceOf } from './synthetic-study.js';

const LONG = 'a_very_long_parameter_name_that_goes_on_and_on_for_regularisation_strength';
const position = { line: 1, column: 1 };

/** model: mlp (width, dropout) | gbm (max_depth, eta) | linear (nothing), then flat parameters with awkward names and scales. */
function auditSpace(): Space {
  const width = numeric('mlp.width', 'uniform', 32, 512, { condition: { parent: 'model', option: 0 } });
  const dropout = numeric('mlp.dropout', 'uniform', 0, 0.5, { condition: { parent: 'model', option: 0 } });
  const depth = numeric('gbm.max_depth', 'uniform', 2, 10, { condition: { parent: 'model', option: 1 } });
  const eta = numeric('gbm.eta_lr', 'loguniform', 1e-12, 1e-9, { condition: { parent: 'model', option: 1 } });
  const model: ChoiceNode = {
    kind: 'choice', family: 'choice', label: 'model', condition: null, position, probabilities: [1 / 3, 1 / 3, 1 / 3],
    options: [{ value: 'mlp', params: [width, dropout] }, { value: 'gbm', params: [depth, eta] }, { value: 'linear', params: [] }],
  };
  return spaceOf([model, width, dropout, depth, eta, numeric('lambda.reg', 'loguniform', 1e-6, 1), numeric(LONG, 'uniform', 0, 1), numeric('big_scale', 'loguniform', 1e9, 1e12)]);
}

/** Huge negative losses, best where big_scale is about 3e10 and the long-named parameter small. */
function hugeLoss(params: Record<string, unknown>): number {
  const scale = Math.log10(Number(params['big_scale'])) - 10.5;
  return -8.6e12 + 1e12 * (scale * scale + Number(params[LONG])) + (params['model'] === 'gbm' ? 0 : 5e11);
}

describe.skipIf(!available)(`the report of an awkward study in headless Chromium${reason}`, () => {
  let browser: Browser;
  let opened: OpenedReport;
  const space = auditSpace();
  const state = demoStudy(space, { trials: 40, seed: 4, steps: 9, pruned: [9, 14, 22, 30], loss: hugeLoss });

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    const html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 4 }, generatedAt: new Date(0), assets: builtAssets() });
    opened = await openReport(browser, html, 'report-audit', recordCanvasText);
  });

  afterAll(async () => {
    await opened?.page.close();
    await browser?.close();
  });

  it('labels the axes of huge and tiny values compactly, none cut at the edge or run into the axis title or each other (found by a user audit)', async () => {
    const { page, errors } = opened;
    const charts = await drawnTexts(page, '#history canvas, #curves canvas:not(.hover), #effects canvas');
    expect(charts.length).toBeGreaterThanOrEqual(2 + 8);
    const texts = charts.flatMap((c) => c.texts.map((t) => t.text));
    // the loss axis: -8e12, not -8000000000000
    expect(texts.some((t) => /^-\d(\.\d+)?e12$/.test(t))).toBe(true);
    expect(texts.filter((t) => /\d{7}/.test(t))).toEqual([]);
    // big_scale's decades and gbm.eta_lr's
    expect(texts).toEqual(expect.arrayContaining(['1e9', '1e10', '1e11', '1e12', '1e-11', '1e-10']));
    expect(charts.flatMap(labelTrouble)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('draws every complete trial through each axis of a parameter it had, the choice that nests others included (found by a user audit)', async () => {
    const { page } = opened;
    const drawn = await page.evaluate(() => {
      const axisX = [...document.querySelectorAll('#parallel svg > line')].map((line) => Number(Number(line.getAttribute('x1')).toFixed(1)));
      const byTrial: Record<string, number[]> = {};
      document.querySelectorAll('#parallel path[data-trial]').forEach((path) => {
        // the x of each point a line is drawn through (a lone M draws nothing)
        const runs = (path.getAttribute('d') ?? '').split('M').filter((run) => run.includes('L'));
        const xs = runs.flatMap((run) => [...('M' + run).matchAll(/[ML](-?[\d.]+) /g)].map((m) => Number(m[1])));
        byTrial[path.getAttribute('data-trial') ?? ''] = [...(byTrial[path.getAttribute('data-trial') ?? ''] ?? []), ...xs];
      });
      return { axisX, byTrial };
    });
    const labels = ['model', 'mlp.width', 'mlp.dropout', 'gbm.max_depth', 'gbm.eta_lr', 'lambda.reg', LONG, 'big_scale', 'loss'];
    expect(drawn.axisX).toHaveLength(labels.length);
    const complete = state.trials.filter((t) => t.state === 'complete');
    expect(new Set(complete.map((t) => t.params['model']))).toEqual(new Set(['mlp', 'gbm', 'linear']));
    for (const trial of complete) {
      const had = labels.flatMap((label, k) => (label === 'loss' || trial.params[label] !== undefined ? [drawn.axisX[k]] : []));
      expect([...new Set(drawn.byTrial[String(trial.id)])].sort((a, b) => a! - b!), `trial ${trial.id} (${String(trial.params['model'])})`).toEqual(had);
    }
  });

  it("keeps the parallel coordinates' names apart and inside, the long one cut with the whole on hover, and its labels over the lines (found by a user audit)", async () => {
    const { page } = opened;
    const drawn = await page.evaluate(() => {
      const svg = document.querySelector('#parallel svg') as SVGSVGElement;
      // a name's text is its first child; its <title> follows
      const box = (t: Element) => {
        const b = (t as SVGTextElement).getBBox();
        return { text: t.firstChild?.textContent ?? '', left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
      };
      return {
        width: svg.width.baseVal.value,
        names: [...svg.querySelectorAll('text.axis-name')].map((t) => ({ ...box(t), title: t.querySelector('title')?.textContent ?? '' })),
        ticks: [...svg.querySelectorAll('text.tick')].map((t) => ({ ...box(t), halo: t.getAttribute('paint-order') })),
      };
    });
    expect(drawn.names).toHaveLength(9);
    const all = [...drawn.names, ...drawn.ticks];
    for (const t of all) expect(t.left >= 0 && t.right <= drawn.width, `'${t.text}' inside the card`).toBe(true);
    drawn.names.forEach((a, i) =>
      drawn.names.slice(i + 1).forEach((b) => {
        const overlap = Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
        expect(overlap, `'${a.text}' and '${b.text}'`).toBe(false);
      }),
    );
    const long = drawn.names.find((n) => n.title === LONG);
    expect(long?.text).toMatch(/^a_very_long.*\u2026.*strength$/);
    expect(drawn.names.filter((n) => n.title !== LONG).every((n) => n.text === n.title)).toBe(true);
    expect(drawn.ticks.every((t) => t.halo === 'stroke')).toBe(true);
  });

  it('shows the step a pruned trial stopped at beside its value, so sorting by value cannot pass it off as a full run (found by a user audit)', async () => {
    const { page } = opened;
    await page.click('#trials th:nth-child(3)');
    const rows = await page.$$eval('#trials tbody tr', (trs) => trs.map((tr) => ({ state: tr.querySelector('span.state')?.textContent, value: tr.children[2]?.textContent ?? '', title: tr.children[2]?.getAttribute('title') })));
    const pruned = rows.filter((r) => r.state === 'pruned');
    expect(pruned).toHaveLength(4);
    for (const r of pruned) {
      expect(r.value).toMatch(/^-?[\d.e+-]+ @ step 3$/);
      expect(r.title).toBe('pruned at step 3: the last value it reported, not a full run');
    }
    expect(rows.filter((r) => r.state === 'complete').every((r) => !r.value.includes('@'))).toBe(true);
    expect(await page.$eval('#trials .hint', (p) => p.textContent)).toContain("A pruned trial's loss is the last it reported; @ step N is the step the pruner stopped it at.");
  });

  it("fits the Gaussian process's axes, its log EI on the right too, to labels of any size (found by a user audit)", async () => {
    const flat = spaceOf([numeric('big_scale', 'loguniform', 1e9, 1e12), numeric(LONG, 'uniform', 0, 1)]);
    const gpState = demoStudy(flat, { trials: 20, seed: 4, algo: 'auto', loss: hugeLoss });
    const html = buildReportHtml({ space: flat, state: gpState, metric: 'loss', goal: 'minimize', optimizer: { algo: 'auto', seed: 4 }, generatedAt: new Date(0), assets: builtAssets() });
    const gp = await openReport(browser, html, 'report-audit-gp', recordCanvasText);
    const charts = await drawnTexts(gp.page, '#gp canvas');
    expect(charts).toHaveLength(2);
    const texts = charts.flatMap((c) => c.texts.map((t) => t.text));
    expect(texts).toContain('log EI');
    expect(texts.filter((t) => /\d{7}|,/.test(t))).toEqual([]);
    expect(charts.flatMap(labelTrouble)).toEqual([]);
    expect(gp.errors).toEqual([]);
    await gp.page.close();
  });
});
