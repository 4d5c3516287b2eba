// uPlot draws its tick labels and axis titles on the canvas, out of the DOM's reach: these helpers record
// every fillText call with the box it covers, so a test can tell a label cut at the edge or run into another.
import type { Page } from 'playwright-core';

/** A text drawn on a canvas, as the box it covers in the canvas's pixels. */
export interface DrawnText {
  text: string;
  /** Drawn turned a quarter (a vertical axis's title). */
  turned: boolean;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Before the page loads: keep each canvas's drawn texts in its own list (the latest drawing of each canvas wins). */
export async function recordCanvasText(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const proto = CanvasRenderingContext2D.prototype;
    const original = proto.fillText;
    const store = new WeakMap<HTMLCanvasElement, unknown[]>();
    (window as unknown as { drawnTexts: (c: HTMLCanvasElement) => unknown[] }).drawnTexts = (c) => store.get(c) ?? [];
    proto.clearRect = new Proxy(proto.clearRect, {
      apply(target, ctx: CanvasRenderingContext2D, args: [number, number, number, number]) {
        // uPlot clears the whole canvas before each redraw: start its list again
        if (args[0] === 0 && args[1] === 0) store.set(ctx.canvas, []);
        return Reflect.apply(target, ctx, args);
      },
    });
    proto.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
      const width = this.measureText(text).width;
      const height = Number(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? 10);
      const xs = this.textAlign === 'right' || this.textAlign === 'end' ? [x - width, x] : this.textAlign === 'center' ? [x - width / 2, x + width / 2] : [x, x + width];
      const ys = this.textBaseline === 'top' ? [y, y + height] : this.textBaseline === 'middle' ? [y - height / 2, y + height / 2] : this.textBaseline === 'bottom' ? [y - height, y] : [y - 0.8 * height, y + 0.2 * height];
      const m = this.getTransform();
      const corners = [0, 1].flatMap((i) => [0, 1].map((j) => new DOMPoint(xs[i], ys[j]).matrixTransform(m)));
      const list = store.get(this.canvas) ?? [];
      list.push({ text, turned: Math.abs(m.b) > 0.5, left: Math.min(...corners.map((p) => p.x)), right: Math.max(...corners.map((p) => p.x)), top: Math.min(...corners.map((p) => p.y)), bottom: Math.max(...corners.map((p) => p.y)) });
      store.set(this.canvas, list);
      return maxWidth === undefined ? original.call(this, text, x, y) : original.call(this, text, x, y, maxWidth);
    };
  });
}

/** The texts last drawn on each canvas matching `selector`, with the canvas's width and height. */
export function drawnTexts(page: Page, selector: string): Promise<Array<{ width: number; height: number; texts: DrawnText[] }>> {
  return page.$$eval(selector, (canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const texts = (window as unknown as { drawnTexts: (c: HTMLCanvasElement) => DrawnText[] }).drawnTexts(canvas);
      return { width: canvas.width, height: canvas.height, texts };
    }),
  );
}

/** What is wrong with a canvas's labels: a text past an edge, or two texts that overlap (by more than a pixel). */
export function labelTrouble(canvas: { width: number; height: number; texts: DrawnText[] }): string[] {
  const trouble: string[] = [];
  const { texts } = canvas;
  texts.forEach((t, i) => {
    if (t.left < -1 || t.right > canvas.width + 1) trouble.push(`'${t.text}' cut at the edge (${Math.round(t.left)}..${Math.round(t.right)} of ${canvas.width})`);
    texts.slice(i + 1).forEach((u) => {
      const overlap = Math.min(t.right, u.right) - Math.max(t.left, u.left) > 1 && Math.min(t.bottom, u.bottom) - Math.max(t.top, u.top) > 1;
      if (overlap) trouble.push(`'${t.text}' runs into '${u.text}'`);
    });
  });
  return trouble;
}
