/** Measure text as the page's SVG draws it, so labels can be placed and cut before they are drawn. */
export type Measure = (text: string) => number;

/** A measure for `size` px text of `weight` in the font of `node` (a canvas does the measuring, nothing is drawn). */
export function measurer(node: Element, size: number, weight = 400): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(node).fontFamily || 'sans-serif';
  // without a canvas (never in a browser), a generous average width per character
  if (ctx === null) return (text) => text.length * size * 0.62;
  ctx.font = weight + ' ' + size + 'px ' + family;
  return (text) => ctx.measureText(text).width;
}
