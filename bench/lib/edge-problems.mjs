// Problems whose optimum lies past one end of the box: a range set too narrow, as a first study's often
// is. Each names the parameter summary's range-edge note should name (`edge`). Written for the note
// (session 56) before its rule was chosen; `npm run bench -- range-edges` reads them.
import { parseSpace } from '../../dist/space/index.js';

const space = (name, text) => parseSpace(text, { file: `edge-problems.mjs: ${name}` });

// Hartmann-6 (the reference problem), for the box that cuts its optimum's x1 = 0.20 off
const ALPHA = [1.0, 1.2, 3.0, 3.2];
const A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]].map((row) => row.map((v) => v * 1e-4));
const hartmann6 = (x) => -ALPHA.reduce((sum, alpha, i) => sum + alpha * Math.exp(-A[i].reduce((e, a, j) => e + a * (x[j] - P[i][j]) ** 2, 0)), 0);

const branin = ({ x1, x2 }) => (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;

const problem = (name, edge, text, f) => ({ name, edge, space: space(name, text), f });

export const edgeProblems = [
  // a bowl whose centre x2 = 1.3 lies past the top of [0, 1]
  problem('past_sphere3', 'x2', 'params:\n  x1: uniform(0, 1)\n  x2: uniform(0, 1)\n  x3: uniform(0, 1)\n', ({ x1, x2, x3 }) => (x1 - 0.5) ** 2 + (x2 - 1.3) ** 2 + (x3 - 0.2) ** 2),
  // the best learning rate, 0.1, above the range's top; weight decay, dropout and width best inside
  problem('past_lr4', 'lr', 'params:\n  lr: loguniform(1e-5, 1e-2)\n  wd: loguniform(1e-6, 1e-2)\n  dropout: uniform(0, 0.5)\n  width: randint(16, 257)\n', ({ lr, wd, dropout, width }) => 0.1 * (Math.log10(lr) + 1) ** 2 + 0.02 * (Math.log10(wd) + 4) ** 2 + (dropout - 0.2) ** 2 + 0.05 * (Math.log2(width) - 6.5) ** 2),
  // 8 layers best, 1..5 allowed
  problem('past_layers3', 'layers', 'params:\n  layers: randint(1, 6)\n  lr: loguniform(1e-4, 1)\n  x: uniform(-1, 1)\n', ({ layers, lr, x }) => 0.05 * (layers - 8) ** 2 + 0.1 * (Math.log10(lr) + 2) ** 2 + x * x),
  // Branin's minimum at x1 = -pi needs x2 = 12.3, past [0, 10]
  problem('past_branin', 'x2', 'params:\n  x1: uniform(-5, 0)\n  x2: uniform(0, 10)\n', branin),
  // a batch size best at 512, above qloguniform's 256, its learning rate scaled with it
  problem('past_batch2', 'batch', 'params:\n  batch: qloguniform(16, 256, 16)\n  lr: loguniform(1e-4, 1)\n', ({ batch, lr }) => 0.03 * Math.log2(batch / 512) ** 2 + 0.2 * (Math.log10(lr) - Math.log10((0.01 * batch) / 64)) ** 2),
  // a batch size best at 16, below the smallest option
  problem('past_batch_choice3', 'batch', 'params:\n  batch: choice(64, 128, 256, 512)\n  lr: loguniform(1e-4, 1)\n  wd: loguniform(1e-6, 1e-2)\n', ({ batch, lr, wd }) => 0.1 * Math.log2(batch / 16) ** 2 + 0.2 * (Math.log10(lr) - Math.log10((0.01 * batch) / 64)) ** 2 + 0.01 * (Math.log10(wd) + 4) ** 2),
  // 8 heads best, the options 1, 2, 4
  problem('past_heads3', 'heads', 'params:\n  heads: choice(1, 2, 4)\n  x: uniform(-1, 1)\n  y: uniform(-1, 1)\n', ({ heads, x, y }) => 0.3 * (Math.log2(heads) - 3) ** 2 + (x - 0.1) ** 2 + (y + 0.2) ** 2 + 0.3 * x * y),
  // Hartmann-6 with x1 on [0.3, 1]: the box then holds another basin whose best is not at x1's bound, so
  // the note need not name x1 here; kept as the case where a cut range leaves the model another optimum
  problem('past_hartmann6', 'x1', 'params:\n  x1: uniform(0.3, 1)\n  x2: uniform(0, 1)\n  x3: uniform(0, 1)\n  x4: uniform(0, 1)\n  x5: uniform(0, 1)\n  x6: uniform(0, 1)\n', (p) => hartmann6([p.x1, p.x2, p.x3, p.x4, p.x5, p.x6])),
];
