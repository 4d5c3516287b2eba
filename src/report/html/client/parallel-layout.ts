import { shortName } from './format.js';

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

/** An axis's name as drawn: cut to its room, on its row (0 nearest the plot), anchored inwards at the ends. */
export interface AxisName {
  text: string;
  row: number;
  anchor: 'start' | 'middle' | 'end';
}

// the least space between two names on one row, in pixels
const GAP = 10;

/**
 * The names over axes `step` px apart: whole on one row when they fit, else on two alternating rows (twice the
 * room each), and cut in the middle (…) to what room is left; the page gives the whole name on hover.
 * Names of 22 characters ran into each other over a dozen axes (a user audit).
 */
export function layoutNames(labels: readonly string[], step: number, measure: Measure): AxisName[] {
  const last = labels.length - 1;
  // a middle name is centred on its axis; the end ones run inwards from 6 px outside theirs, so their
  // neighbour on the row, centred, takes half its room from them
  const room = (k: number, rows: number): number => (last < 1 ? Infinity : k === 0 || k === last ? (rows * step - GAP) / 2 + 6 : rows * step - GAP);
  const rows = last > 1 && labels.some((label, k) => measure(label) > room(k, 1)) ? 2 : 1;
  return labels.map((label, k) => ({ text: cut(label, room(k, rows), measure), row: k % rows, anchor: k === 0 ? 'start' : k === last ? 'end' : 'middle' }));
}

/** The label, or as much of its start and end as fits `room` px (never fewer than 3 characters). */
function cut(label: string, room: number, measure: Measure): string {
  if (measure(label) <= room) return label;
  for (let max = label.length - 1; max > 3; max--) {
    const short = shortName(label, max);
    if (measure(short) <= room) return short;
  }
  return shortName(label, 3);
}
