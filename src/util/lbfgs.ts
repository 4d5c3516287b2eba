// Limited-memory BFGS with an Armijo backtracking line search, optionally inside a box (each step
// is projected; coordinates pinned at a bound with the gradient pushing out are held fixed).
// Small and dependency-free: the GP fits 3-25 hyperparameters and refines its acquisition with it.

/** Objective: returns f(x) and writes the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations?: number;
  /** Pairs kept (default 8). */
  memory?: number;
  /** Stop when the projected gradient's largest component is below this (default 1e-6). */
  gradientTolerance?: number;
  /** Stop when one iteration improves f by less than this, relatively (default 1e-9). */
  relativeTolerance?: number;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
}

function project(x: Float64Array, lower?: ArrayLike<number>, upper?: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (lower !== undefined && (x[i] as number) < (lower[i] as number)) x[i] = lower[i] as number;
    if (upper !== undefined && (x[i] as number) > (upper[i] as number)) x[i] = upper[i] as number;
  }
}

/** Zero the gradient where x sits on a bound and descent would leave the box. */
function freeGradient(x: Float64Array, g: Float64Array, lower?: ArrayLike<number>, upper?: ArrayLike<number>): Float64Array {
  const out = g.slice();
  for (let i = 0; i < x.length; i++) {
    if (lower !== undefined && (x[i] as number) <= (lower[i] as number) && (g[i] as number) > 0) out[i] = 0;
    if (upper !== undefined && (x[i] as number) >= (upper[i] as number) && (g[i] as number) < 0) out[i] = 0;
  }
  return out;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** Minimise `f` from `start`. Non-finite values count as worse than any finite one. */
export function minimizeLbfgs(f: Objective, start: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const { maxIterations = 100, memory = 8, gradientTolerance = 1e-6, relativeTolerance = 1e-9, lower, upper } = options;
  const n = start.length;
  let x = Float64Array.from(start);
  project(x, lower, upper);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) return { x, f: fx, iterations: 0, evaluations };
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const free = freeGradient(x, g, lower, upper);
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(free[i] as number));
    if (gmax < gradientTolerance) break;
    // Two-loop recursion for the quasi-Newton direction.
    const q = free.slice();
    const alphas: number[] = [];
    for (let k = sList.length - 1; k >= 0; k--) {
      const s = sList[k] as Float64Array;
      const y = yList[k] as Float64Array;
      const a = dot(s, q) / dot(y, s);
      alphas[k] = a;
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) - a * (y[i] as number);
    }
    if (sList.length > 0) {
      const s = sList[sList.length - 1] as Float64Array;
      const y = yList[yList.length - 1] as Float64Array;
      const gamma = dot(s, y) / dot(y, y);
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) * gamma;
    } else {
      // first step: at most a unit move along the steepest descent
      const scale = 1 / Math.max(1, gmax);
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) * scale;
    }
    for (let k = 0; k < sList.length; k++) {
      const s = sList[k] as Float64Array;
      const y = yList[k] as Float64Array;
      const b = dot(y, q) / dot(y, s);
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) + (s[i] as number) * ((alphas[k] as number) - b);
    }
    const direction = q.map((v, i) => ((free[i] as number) === 0 && (g[i] as number) !== 0 ? 0 : -v));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // not a descent direction (curvature information went stale): restart from steepest descent
      sList.length = 0;
      yList.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -(free[i] as number) / Math.max(1, gmax);
      slope = dot(direction, g);
      if (!(slope < 0)) break;
    }
    let step = 1;
    let accepted = false;
    let xNew = x;
    let gNew = g;
    let fNew = fx;
    for (let tries = 0; tries < 30; tries++) {
      xNew = x.map((v, i) => v + step * (direction[i] as number));
      project(xNew, lower, upper);
      gNew = new Float64Array(n);
      fNew = f(xNew, gNew);
      evaluations++;
      let moved = 0;
      for (let i = 0; i < n; i++) moved += ((xNew[i] as number) - (x[i] as number)) * (g[i] as number);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * Math.min(moved, 0)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const s = xNew.map((v, i) => v - (x[i] as number));
    const y = gNew.map((v, i) => v - (g[i] as number));
    if (dot(s, y) > 1e-12) {
      sList.push(s);
      yList.push(y);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
      }
    }
    const improvement = fx - fNew;
    x = xNew;
    g = gNew;
    fx = fNew;
    if (improvement <= relativeTolerance * Math.max(1, Math.abs(fx))) {
      iterations++;
      break;
    }
  }
  return { x, f: fx, iterations, evaluations };
}
