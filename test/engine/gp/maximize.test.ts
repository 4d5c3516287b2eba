// The discrete pass tries, of a choice's options no trial holds, only the first: the kernel counts any two
// different options as 1 apart, so those options score alike. Proposals must not change by it.
import { describe, expect, it } from 'vitest';
import { encodeSpace, toPoint } from '../../../src/engine/gp/encode.js';
import { maximizeAcquisition, type SearchContext } from '../../../src/engine/gp/maximize.js';
import { buildPosterior } from '../../../src/engine/gp/posterior.js';
import { parseSpace } from '../../../src/space/parse.js';
import { createRng } from '../../../src/util/rng.js';

const manyOptions = Array.from({ length: 300 }, (_, i) => `o${i}`).join(', ');

function search(spaceText: string, configs: Record<string, unknown>[], losses: number[], withKnown: boolean) {
  const encoding = encodeSpace(parseSpace(spaceText));
  const points = configs.map((c) => toPoint(encoding, c as never));
  const d = encoding.inputs.length;
  const x = new Float64Array(points.length * d);
  points.forEach((p, i) => x.set(p, i * d));
  const data = { x, y: Float64Array.from(losses), n: points.length, d, categorical: Uint8Array.from(encoding.inputs, (input) => (input.kind === 'categorical' ? 1 : 0)) };
  // length scales 0.3 (a choice's 1.0), signal 1, noise 1e-4
  const theta = Float64Array.from([...encoding.inputs.map((input) => Math.log(input.kind === 'categorical' ? 1 : 0.3)), 0, Math.log(1e-4)]);
  const post = buildPosterior(data, theta);
  const order = losses.map((_, i) => i).sort((a, b) => (losses[a] as number) - (losses[b] as number));
  const ctx: SearchContext = {
    encoding,
    post,
    best: Math.min(...losses),
    rng: createRng(11),
    incumbents: order.slice(0, 3).map((i) => points[i] as Float64Array),
    rawSamples: 64,
    restarts: 4,
    incumbentStarts: 2,
    extra: () => 0,
  };
  if (withKnown) ctx.known = points;
  return maximizeAcquisition(ctx).map((c) => [Array.from(c.point), c.score]);
}

describe('maximizeAcquisition over a choice of many options', () => {
  it('finds the same candidates trying one option no trial holds as trying them all', () => {
    const space = `params:\n  x: uniform(0, 1)\n  arch: choice(${manyOptions})\n`;
    const configs = [3, 250, 3, 17, 120, 250, 5, 17].map((o, i) => ({ x: (i * 0.37) % 1, arch: `o${o}` }));
    const losses = [0.5, -1.2, 0.1, 0.9, -0.3, -0.8, 1.4, 0.2];
    const all = search(space, configs, losses, false);
    expect(search(space, configs, losses, true)).toEqual(all);
    // not a trivial case: candidates hold both options some trial holds and options none holds
    const held = new Set([3, 250, 17, 120, 5]);
    const options = all.map(([point]) => (point as number[])[1] as number);
    expect(options.some((o) => held.has(o))).toBe(true);
    expect(options.some((o) => !held.has(o))).toBe(true);
  });

  it('tries every option of a choice whose options open parameters of their own', () => {
    const space = `params:\n  x: uniform(0, 1)\n  model:\n    choice:\n      - svm:\n          C: uniform(0, 1)\n      - tree:\n          depth: randint(1, 9)\n      - plain\n      - other\n  tag: choice(${manyOptions})\n`;
    const configs = [
      { x: 0.1, model: 'svm', C: 0.2, tag: 'o7' },
      { x: 0.6, model: 'tree', depth: 3, tag: 'o7' },
      { x: 0.3, model: 'plain', tag: 'o40' },
      { x: 0.9, model: 'svm', C: 0.8, tag: 'o2' },
      { x: 0.45, model: 'tree', depth: 8, tag: 'o299' },
    ];
    const losses = [0.3, -0.5, 0.8, -1.0, 0.1];
    expect(search(space, configs, losses, true)).toEqual(search(space, configs, losses, false));
  });
});
