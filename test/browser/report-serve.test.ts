// `hypertune report --serve`: the report served live from a study's store, opened in headless Chromium
// over HTTP; the page asks the server whether the study changed, and says so.
import { describe, expect, it } from 'vitest';
import { hypertune, QUADRATIC_SPACE, SH, tempDir, writeFile } from '../cli/helpers/hypertune.js';
import { available, launchedBrowser, reason } from './open-report.js';

const TRAIN = 'echo "loss: $(awk -v x="$HP_X" \'BEGIN { printf "%.4f", x * x }\')"\n';

/** A served report's process, once it has said where it listens. */
async function served(dir: string, args: string[] = []): Promise<{ server: ReturnType<typeof hypertune>; url: string }> {
  const server = hypertune(['report', '--serve', '0', '--every', '0.3', ...args], { cwd: dir });
  let said = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server said no address: ${said}`)), 15_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const found = /at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(said)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return { server, url };
}

describe('report --serve over HTTP', () => {
  it('serves the page and the study stamp, nothing else; a taken port and an unknown study are one line each', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'train.sh', TRAIN);
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, 'train.sh'], { cwd: dir })).exitCode).toBe(0);
    const { server, url } = await served(dir);
    try {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toMatch(/<body data-live-stamp="2\.2\.2\.2" data-live-every="0\.3">/);
      expect(html).toContain("connect-src 'self'");
      expect(await (await fetch(`${url}state`)).json()).toEqual({ stamp: '2.2.2.2', finished: 2, trials: 2 });
      expect((await fetch(`${url}nothing`)).status).toBe(404);
      expect((await fetch(url, { method: 'POST' })).status).toBe(405);
      const port = new URL(url).port;
      const taken = await hypertune(['report', '--serve', port], { cwd: dir });
      expect(taken.exitCode).toBe(1);
      expect(taken.stderr).toBe(`hypertune: cannot serve on 127.0.0.1:${port}: the port is taken: give another (--serve 8081), or --serve 0 for any free one`);
      const unknown = await hypertune(['report', '--serve', '0', '--study', 'nope'], { cwd: dir });
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toMatch(/^hypertune: no study "nope" in /);
    } finally {
      server.kill('SIGINT');
    }
    const stopped = await server;
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stdout).toContain('Stopped serving the report.');
    // a file written by report --out asks nothing of anyone
    expect((await hypertune(['report', '--out', 'r.html'], { cwd: dir })).exitCode).toBe(0);
  });
});

describe.skipIf(!available)(`a served report in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it('says when the study has changed since it was drawn, reloads to show it, and says when the server is gone', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'train.sh', TRAIN);
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, 'train.sh'], { cwd: dir })).exitCode).toBe(0);
    const { server, url } = await served(dir);
    const page = await browser().newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    page.on('request', (request) => requests.push(request.url()));
    try {
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]');
      // its first look at the state (waited for: on a loaded machine 800 ms were once not enough)
      await expect.poll(() => requests.includes(`${url}state`), { timeout: 15_000 }).toBe(true);
      // unchanged: no bar; the page asked its own server only
      expect(await page.$('.live-bar')).toBeNull();
      expect(new Set(requests)).toEqual(new Set([url, `${url}state`]));
      expect((await hypertune(['resume', '--trials', '4'], { cwd: dir })).exitCode).toBe(0);
      // (the bar may first show the target raised, before the two trials ran)
      await page.waitForFunction(() => document.querySelector('.live-bar')?.textContent?.includes('4 finished') === true, undefined, { timeout: 5000 });
      expect(await page.$eval('.live-bar', (bar) => bar.textContent)).toBe('The study changed since this page was drawn: 4 finished trials now, 2 here. Reload');
      await page.click('.live-bar button');
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.$$eval('header .chip', (chips) => chips[0]?.textContent)).toBe('finished 4 / 4');
      await page.waitForTimeout(800);
      expect(await page.$('.live-bar')).toBeNull();
      server.kill('SIGINT');
      await server;
      await page.waitForSelector('.live-bar', { timeout: 5000 });
      expect(await page.$eval('.live-bar', (bar) => bar.textContent)).toBe('The server stopped answering (did hypertune report --serve end?): this page stays as it was drawn.');
      // fetch's failure is the page's to say, not an error of its script
      expect(errors.filter((text) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(text))).toEqual([]);
    } finally {
      server.kill('SIGINT');
      await page.close();
    }
  });
});
