// Search spaces built in code (the benchmark's problems and the engine's tests share them).

const position = { line: 0, column: 0 };

/** A numeric node; `low`/`high` are in the value's own units, randint/uniformint bounds inclusive. */
export function numeric(label, family, { low = null, high = null, mu = null, sigma = null, q = null, grid = null } = {}) {
  const log = ['loguniform', 'qloguniform', 'lognormal', 'qlognormal'].includes(family);
  const intFamily = family === 'randint' || family === 'uniformint';
  const step = intFamily ? 1 : q;
  const args = [low, high, mu, sigma, q].filter((v) => v !== null);
  const integer = intFamily || (step !== null && args.every((v) => Number.isInteger(v)));
  return { kind: 'numeric', label, family, args, low, high, mu, sigma, q: step, log, integer, grid, condition: null, position };
}

export const uniform = (label, low, high, extra = {}) => numeric(label, 'uniform', { low, high, ...extra });

/** options: array of values, or of { value, params } for nested sub-spaces. */
export function choice(label, options, probabilities = null) {
  const opts = options.map((o) => (o !== null && typeof o === 'object' && 'value' in o ? { value: o.value, params: o.params ?? [] } : { value: o, params: [] }));
  const probs = probabilities ?? opts.map(() => 1 / opts.length);
  return { kind: 'choice', label, family: probabilities ? 'pchoice' : 'choice', options: opts, probabilities: probs, condition: null, position };
}

export function constant(label, value) {
  return { kind: 'constant', label, value, condition: null, position };
}

/** A Space from top-level nodes: sets children's conditions and lists all nodes parents-first. */
export function makeSpace(params, { goal = 'minimize', grid = null, metric = 'loss' } = {}) {
  const nodes = [];
  const visit = (list, condition) => {
    for (const node of list) {
      node.condition = condition;
      nodes.push(node);
      if (node.kind === 'choice') node.options.forEach((option, i) => visit(option.params, { parent: node.label, option: i }));
    }
  };
  visit(params, null);
  return { params, nodes, metric, goal, trials: null, timeBudgetS: null, atBudget: null, grid, algo: null, pattern: null, metricStream: 'stdout', metricFile: null, objective: 'last', prune: {}, stop: {}, file: null, text: '', start: [] };
}

/** A space of `uniform` parameters x1..xn (or given names) with the given bounds. */
export function uniformSpace(bounds, options = {}) {
  return makeSpace(bounds.map(([label, low, high]) => uniform(label, low, high)), options);
}
