// Shared by the browser tests: the built page assets, Chromium's whereabouts, and a page opened with
// its console errors and network requests collected.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const available = existsSync(CHROMIUM);
export const reason = available ? '' : ` (skipped: no browser at ${CHROMIUM}; install the Debian package chromium, as .ci/run does)`;
export const artifacts = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'test-artifacts');

/** The page's script and style sheet as the build bundled them (what `hypertune report` inlines). */
export function builtAssets(): { script: string; css: string } {
  const require = createRequire(import.meta.url);
  try {
    return { script: readFileSync(require.resolve('#report/client.js'), 'utf8'), css: readFileSync(require.resolve('#report/client.css'), 'utf8') };
  } catch (error) {
    throw new Error(`the report's bundled client is missing: run npm run build first (${(error as Error).message})`);
  }
}

export interface OpenedReport {
  page: Page;
  file: string;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every request other than the page itself (there must be none). */
  requests: string[];
}

/** Write the page to test-artifacts/<name>.html, open it (after `prepare`, e.g. an init script), wait until every view has rendered. */
export async function openReport(browser: Browser, html: string, name: string, prepare?: (page: Page) => Promise<void>): Promise<OpenedReport> {
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await prepare?.(page);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== pathToFileURL(file).href) requests.push(request.url());
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  return { page, file, errors, requests };
}

/** Painted pixels of each canvas in the cards matching `selector`. */
export function inkedCanvases(page: Page, selector: string): Promise<number[]> {
  return page.$$eval(selector, (canvases) =>
    canvases.map((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) count++;
      return count;
    }),
  );
}

/** Headless Chromium for the tests of the describe block that calls this: launched before them, closed after. */
export function launchedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('the browser is launched before the tests of the block that asked for it');
    return browser;
  };
}
