// A study made the way the loop makes one: the real engine proposes, a known function answers,
// events are replayed into state. No processes, so it takes milliseconds.
import { propose } from '../../src/engine/index.js';
import type { ChoiceNode, NumericNode, Space } from '../../src/space/types.js';
import type { StudyEvent } from '../../src/study/events.js';
import { replay, type StudyState } from '../../src/study/replay.js';
import type { TrialRecord } from '../../src/study/types.js';

const position = { line: 1, column: 1 };

export function numeric(label: string, family: NumericNode['family'], low: number, high: number, extra: Partial<NumericNode> = {}): NumericNode {
  const log = family === 'loguniform' || family === 'qloguniform';
  return { kind: 'numeric', family, label, condition: null, position, args: [low, high], low, high, mu: null, sigma: null, q: null, log, integer: false, grid: null, ...extra };
}

export function spaceOf(nodes: Space['nodes'], goal: Space['goal'] = 'minimize'): Space {
  return { params: nodes.filter((n) => n.condition === null), nodes, metric: 'loss', goal, trials: null, grid: null, pattern: null, objective: 'last', metricStream: 'stdout', metricFile: null, file: null, text: 'synthetic' };
}

/** lr (log) matters most, layers some, optimizer with a conditional momentum a little, noise not at all. */
export function demoSpace(): Space {
  const momentum = numeric('momentum', 'uniform', 0, 0.99, { condition: { parent: 'optimizer', option: 0 } });
  const optimizer: ChoiceNode = {
    kind: 'choice', family: 'choice', label: 'optimizer', condition: null, position, probabilities: [1 / 3, 1 / 3, 1 / 3],
    options: [{ value: 'sgd', params: [momentum] }, { value: 'adam', params: [] }, { value: 'rmsprop', params: [] }],
  };
  const layers = numeric('layers', 'quniform', 1, 6, { q: 1, integer: true, args: [1, 6, 1] });
  return spaceOf([numeric('lr', 'loguniform', 1e-5, 1), layers, numeric('noise', 'uniform', -1, 1), optimizer, momentum]);
}

/** The demo space without its conditional momentum: a space the Gaussian process takes under auto. */
export function flatDemoSpace(): Space {
  const optimizer: ChoiceNode = {
    kind: 'choice', family: 'choice', label: 'optimizer', condition: null, position, probabilities: [1 / 3, 1 / 3, 1 / 3],
    options: [{ value: 'sgd', params: [] }, { value: 'adam', params: [] }, { value: 'rmsprop', params: [] }],
  };
  const layers = numeric('layers', 'quniform', 1, 6, { q: 1, integer: true, args: [1, 6, 1] });
  return spaceOf([numeric('lr', 'loguniform', 1e-5, 1), layers, optimizer]);
}

export function demoLoss(params: Record<string, unknown>): number {
  const lr = Number(params['lr']);
  const layers = Number(params['layers']);
  const optimizer = params['optimizer'];
  const opt = optimizer === 'adam' ? 0 : optimizer === 'rmsprop' ? 0.15 : 0.3 + 0.4 * (Number(params['momentum'] ?? 0.9) - 0.9) ** 2;
  return 0.2 + 0.25 * (Math.log10(lr) + 2.5) ** 2 + 0.05 * (layers - 3) ** 2 + opt;
}

export interface DemoOptions {
  trials: number;
  seed?: number;
  /** Ids of trials that fail (no value, an error tail). */
  failing?: readonly number[];
  /** Leave the last trial running (with half its curve, when there are curves). */
  lastRunning?: boolean;
  /** Report this many intermediate values per trial (a learning curve falling towards its loss). */
  steps?: number;
  /** Ids of trials stopped at a third of their steps, in the state 'pruned' (needs `steps`). */
  pruned?: readonly number[];
  /** The optimizer (default tpe); auto gives the Gaussian process the trials after the start-up ones in a flat space. */
  algo?: 'tpe' | 'auto';
  /** The function the trials answer (default demoLoss); each learning curve falls towards it. */
  loss?: (params: Record<string, unknown>) => number;
}

/**
 * A learning curve that falls towards the trial's final loss, faster for a good learning rate, with
 * a little deterministic wobble so that curves cross; step k of `steps` (from 1).
 */
export function demoCurve(params: Record<string, unknown>, steps: number, final = demoLoss(params)): number[] {
  // a space without lr (a test's own loss) falls at a middling speed
  const lr = Number(params['lr'] ?? 0.01);
  const speed = 2 + Math.min(4, Math.max(0, Math.log10(lr) + 5));
  return Array.from({ length: steps }, (_, i) => {
    const k = i + 1;
    const wobble = 1 + 0.03 * Math.sin(k * 1.7 + lr * 1e3);
    return final + (2 + 4 * final) * Math.exp((-speed * k) / steps) * wobble;
  });
}

const PRUNED = 'pruned' as const;

/** Run the real engine sequentially over the demo function and return the replayed study. */
export function demoStudy(space: Space, options: DemoOptions): StudyState {
  const seed = options.seed ?? 1;
  const algo = options.algo ?? 'tpe';
  const loss = options.loss ?? demoLoss;
  const events: StudyEvent[] = [
    { type: 'study_created', meta: { name: 'demo', spaceText: space.text, spaceFile: null, command: ['node', 'train.js'], options: { algo, seed }, target: options.trials, createdAt: 0 } },
  ];
  const history: TrialRecord[] = [];
  let clock = 1_000;
  for (let id = 0; id < options.trials; id++) {
    const proposal = propose(space, history, id, { algo, seed, goal: space.goal });
    if (proposal === null) break;
    events.push({ type: 'trial_asked', id, params: proposal.params, startup: proposal.startup, sampler: proposal.sampler, worker: 'test:1', at: clock, retryOf: null });
    events.push({ type: 'trial_started', id, worker: 'test:1', at: clock + 1 });
    const running = options.lastRunning === true && id === options.trials - 1;
    const pruned = options.pruned?.includes(id) === true;
    const failed = options.failing?.includes(id) === true;
    const steps = options.steps ?? 0;
    const curve = demoCurve(proposal.params, steps, loss(proposal.params)).slice(0, running || pruned ? Math.ceil(steps / 3) : failed ? Math.floor(steps / 2) : steps);
    curve.forEach((value, k) => events.push({ type: 'trial_intermediate', id, value, at: clock + 2 + k }));
    clock += 500;
    if (running) {
      history.push({ id, params: proposal.params, state: 'running', value: null });
      break;
    }
    if (pruned) {
      // the engine learns nothing from it until the pruners' branch teaches it how
      events.push({ type: 'trial_finished', id, state: PRUNED, value: curve.at(-1) ?? null, exitCode: null, error: null, at: clock });
      history.push({ id, params: proposal.params, state: 'failed', value: null });
      clock += 10;
      continue;
    }
    const value = failed ? null : loss(proposal.params);
    const error = failed ? `exit code 1\nTraceback (most recent call last):\n  File "train.py", line 12\nRuntimeError: CUDA out of memory (trial ${id}) <script>alert(1)</script>` : null;
    events.push({ type: 'trial_finished', id, state: failed ? 'failed' : 'complete', value, exitCode: failed ? 1 : 0, error, at: clock });
    clock += 10;
    history.push({ id, params: proposal.params, state: failed ? 'failed' : 'complete', value });
  }
  const state = replay(events);
  if (state === null) throw new Error('replay gave no study');
  return state;
}
