// Where uPlot drew: the plot area of each chart (its .u-over box) in the canvas's pixels, the tick
// labels sorted by the axis they sit beside, and the dots drawn with ctx.arc (the report's marks).
import type { Page } from 'playwright-core';
import type { DrawnText } from './canvas-text.js';

/** The plot area inside a chart's canvas, in the canvas's pixels. */
export interface PlotBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A dot drawn with ctx.arc, its centre in the canvas's pixels, with the fill at the time. */
export interface DrawnDot {
  x: number;
  y: number;
  fill: string;
}

/** Before the page loads: keep each canvas's arcs in its own list (the latest drawing of each canvas wins). */
export async function recordCanvasDots(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const proto = CanvasRenderingContext2D.prototype;
    const store = new WeakMap<HTMLCanvasElement, unknown[]>();
    (window as unknown as { drawnDots: (c: HTMLCanvasElement) => unknown[] }).drawnDots = (c) => store.get(c) ?? [];
    proto.clearRect = new Proxy(proto.clearRect, {
      apply(target, ctx: CanvasRenderingContext2D, args: [number, number, number, number]) {
        if (args[0] === 0 && args[1] === 0) store.set(ctx.canvas, []);
        return Reflect.apply(target, ctx, args);
      },
    });
    proto.arc = new Proxy(proto.arc, {
      apply(target, ctx: CanvasRenderingContext2D, args: [number, number, number, number, number]) {
        const centre = new DOMPoint(args[0], args[1]).matrixTransform(ctx.getTransform());
        store.set(ctx.canvas, [...(store.get(ctx.canvas) ?? []), { x: centre.x, y: centre.y, fill: String(ctx.fillStyle) }]);
        return Reflect.apply(target, ctx, args);
      },
    });
  });
}

/** Each canvas matching `selector`: its plot area, and (when recorded) its dots. */
export function plotAreas(page: Page, selector: string): Promise<Array<{ box: PlotBox; dots: DrawnDot[] }>> {
  return page.$$eval(selector, (canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const over = canvas.closest('.uplot')?.querySelector('.u-over') as HTMLElement | null;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const left = (over?.offsetLeft ?? 0) * scale;
      const top = (over?.offsetTop ?? 0) * scale;
      const box = { left, top, right: left + (over?.offsetWidth ?? 0) * scale, bottom: top + (over?.offsetHeight ?? 0) * scale };
      const dots = (window as unknown as { drawnDots?: (c: HTMLCanvasElement) => DrawnDot[] }).drawnDots?.(canvas) ?? [];
      return { box, dots };
    }),
  );
}

/** A chart's tick labels by the axis they sit beside (axis titles, drawn turned, left out), as numbers. */
export function axisValues(texts: readonly DrawnText[], box: PlotBox): { bottom: number[]; left: number[]; right: number[] } {
  const ticks = texts.filter((t) => !t.turned && t.text !== '' && Number.isFinite(Number(t.text)));
  const values = (keep: (t: DrawnText) => boolean): number[] => ticks.filter(keep).map((t) => Number(t.text));
  return {
    bottom: values((t) => t.top >= box.bottom - 1),
    left: values((t) => t.right <= box.left + 1 && t.top < box.bottom),
    right: values((t) => t.left >= box.right - 1 && t.top < box.bottom),
  };
}
