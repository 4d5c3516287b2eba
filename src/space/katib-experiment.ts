import { isMap, isScalar, isSeq, Pair, YAMLMap, type Node } from 'yaml';
import { asWritten, choiceOf, mapOf, placed } from './made-nodes.js';
import type { ParseContext } from './parse-context.js';
import { didYouMean } from './suggest.js';
import type { KatibOrigin } from './types.js';

/**
 * A Katib Experiment manifest (`kind: Experiment`, kubeflow.org) read as a space file (docs/space.md,
 * "Katib experiments"): `spec.parameters` (double, int, discrete, categorical, with Katib's string
 * bounds), `spec.objective` (type, goal, objectiveMetricName, additionalMetricNames), `spec.algorithm`,
 * `spec.maxTrialCount` and a `medianstop` early stopping. The trial template's container command is kept
 * for `run`'s hint, its `${trialParameters.x}` becoming hypertune's `{label}` placeholders. A Katib trial
 * prints `name=value` lines for its default metrics collector, which is what hypertune reads.
 */
export function isKatibExperiment(root: YAMLMap): boolean {
  const spec = root.get('spec', true);
  return isScalar(root.get('kind', true)) && root.get('kind') === 'Experiment' && isMap(spec) && isSeq(spec.get('parameters', true));
}

/** Katib's algorithms that hypertune has; the others (hyperband, cmaes, sobol, ...) leave its default. */
const ALGORITHMS: Record<string, string> = { random: 'random', grid: 'grid', tpe: 'tpe', 'multivariate-tpe': 'tpe', bayesianoptimization: 'gp' };
const TYPES = ['double', 'int', 'discrete', 'categorical'];

export function katibAsSpace(ctx: ParseContext, root: YAMLMap): { map: YAMLMap; origin: KatibOrigin } {
  const spec = root.get('spec', true);
  const parameters = isMap(spec) ? spec.get('parameters', true) : undefined;
  if (!isMap(spec) || !isSeq(parameters)) return ctx.fail('spec.parameters must be a list of parameters', ctx.positionOf(root));
  const entries: Array<[string, Node]> = [];
  const put = (key: string, value: Node): void => void entries.push([key, value]);
  const params = new YAMLMap();
  for (const item of parameters.items) {
    if (!isMap(item)) ctx.fail('a Katib parameter is a mapping: {name, parameterType, feasibleSpace}', ctx.positionOf(item as Node));
    const name = item.get('name', true);
    if (!isScalar(name)) ctx.fail('a Katib parameter needs name:', ctx.positionOf(item));
    const label = String(name.value);
    params.items.push(new Pair(placed(label, name), parameterNode(ctx, label, item)));
  }
  put('params', params);
  const objective = spec.get('objective', true);
  if (isMap(objective)) {
    const field = (key: string): Node | undefined => objective.get(key, true) as Node | undefined;
    const [type, metric, goal, more] = [field('type'), field('objectiveMetricName'), field('goal'), field('additionalMetricNames')];
    if (type !== undefined) put('goal', type);
    if (metric !== undefined) put('metric', metric);
    if (goal !== undefined) put('stop', mapOf([['at', placed(number(ctx, goal, 'objective.goal'), goal)]], goal));
    if (isSeq(more) && more.items.length > 0) put('extra_metrics', more);
  }
  const algorithm = spec.get('algorithm', true);
  const algoName = isMap(algorithm) ? algorithm.get('algorithmName', true) : undefined;
  const algo = isScalar(algoName) ? ALGORITHMS[String(algoName.value)] : undefined;
  if (algo !== undefined) put('algo', placed(algo, algoName as Node));
  const trials = spec.get('maxTrialCount', true) as Node | undefined;
  if (trials !== undefined) put('trials', trials);
  const stopping = spec.get('earlyStopping', true);
  if (isMap(stopping)) put('prune', pruneOf(ctx, stopping));
  return { map: mapOf(entries, root), origin: { format: 'katib', command: containerCommand(spec) } };
}

function parameterNode(ctx: ParseContext, label: string, item: YAMLMap): Node {
  const typeNode = item.get('parameterType', true) as Node | undefined;
  const type = isScalar(typeNode) ? String(typeNode.value) : '';
  if (!TYPES.includes(type)) ctx.fail(`parameterType must be ${TYPES.join(', ')} (got ${JSON.stringify(type)})${didYouMean(type, TYPES)}`, ctx.positionOf(typeNode ?? item), label);
  const space = item.get('feasibleSpace', true);
  if (!isMap(space)) return ctx.fail('feasibleSpace: is a mapping (min and max, or list)', ctx.positionOf(typeNode ?? item), label);
  if (type === 'discrete' || type === 'categorical') {
    const list = space.get('list', true);
    if (!isSeq(list) || list.items.length === 0) return ctx.fail(`a ${type} parameter needs feasibleSpace.list, its values`, ctx.positionOf(list ?? space), label);
    // Katib writes every value as text; a discrete one is a number
    const values = list.items.map((value) => (type === 'discrete' ? placed(number(ctx, value as Node, 'a discrete value', label), value as Node) : asWritten(isScalar(value) ? String(value.value) : '', value as Node)));
    return choiceOf(values, list);
  }
  const bound = (key: string): number => {
    const node = space.get(key, true) as Node | undefined;
    if (node === undefined) ctx.fail(`a ${type} parameter needs feasibleSpace.${key}`, ctx.positionOf(space), label);
    return number(ctx, node, `feasibleSpace.${key}`, label);
  };
  const [min, max] = [bound('min'), bound('max')];
  if (!(min < max)) ctx.fail(`feasibleSpace.min must be below max (got ${min}, ${max})`, ctx.positionOf(space.get('min', true) as Node), label);
  const step = space.has('step') ? bound('step') : null;
  const distributionNode = space.get('distribution', true);
  const distribution = isScalar(distributionNode) ? String(distributionNode.value) : 'uniform';
  if (distribution !== 'uniform' && distribution !== 'logUniform') {
    ctx.fail(`feasibleSpace.distribution ${JSON.stringify(distribution)} is not read here: uniform or logUniform`, ctx.positionOf(distributionNode as Node), label);
  }
  const log = distribution === 'logUniform';
  const text =
    type === 'int'
      ? log ? `qloguniform(${min}, ${max}, ${step ?? 1})` : step === null ? `uniformint(${min}, ${max})` : `quniform(${min}, ${max}, ${step})`
      : log ? step === null ? `loguniform(${min}, ${max})` : `qloguniform(${min}, ${max}, ${step})` : step === null ? `uniform(${min}, ${max})` : `quniform(${min}, ${max}, ${step})`;
  return placed(text, typeNode ?? item);
}

/** `earlyStopping: {algorithmName: medianstop, algorithmSettings: [{name: min_trials_required, value: "3"}, {name: start_step, value: "4"}]}` */
function pruneOf(ctx: ParseContext, stopping: YAMLMap): Node {
  const name = stopping.get('algorithmName', true);
  if (!isScalar(name) || name.value !== 'medianstop') ctx.fail('earlyStopping: algorithmName must be medianstop, the one Katib has', ctx.positionOf((name ?? stopping) as Node));
  const entries: Array<[string, Node]> = [['pruner', placed('median', name)]];
  const settings = stopping.get('algorithmSettings', true);
  for (const setting of isSeq(settings) ? settings.items : []) {
    if (!isMap(setting)) continue;
    const key = String(setting.get('name') ?? '');
    const value = setting.get('value', true) as Node | undefined;
    const ours = key === 'min_trials_required' ? 'startup_trials' : key === 'start_step' ? 'warmup_steps' : null;
    if (ours === null) ctx.fail(`earlyStopping setting ${JSON.stringify(key)} is not read here: min_trials_required, start_step`, ctx.positionOf(setting), undefined);
    if (value !== undefined) entries.push([ours, placed(number(ctx, value, `earlyStopping ${key}`), value)]);
  }
  return mapOf(entries, stopping);
}

/** Katib writes numbers as text ("0.01"). */
function number(ctx: ParseContext, node: Node, what: string, label?: string): number {
  const value = isScalar(node) ? node.value : undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) ctx.fail(`${what} must be a number (got ${JSON.stringify(value ?? null)})`, ctx.positionOf(node), label);
  return n;
}


/** The trial template's primary container's command and args, `${trialParameters.x}` as `{label}`. */
function containerCommand(spec: YAMLMap): string[] | null {
  const template = spec.get('trialTemplate', true);
  if (!isMap(template)) return null;
  const references = new Map<string, string>();
  const trialParameters = template.get('trialParameters', true);
  for (const item of isSeq(trialParameters) ? trialParameters.items : []) {
    if (isMap(item)) references.set(String(item.get('name')), String(item.get('reference') ?? item.get('name')));
  }
  const primary = String(template.get('primaryContainerName') ?? '');
  const containers = template.getIn(['trialSpec', 'spec', 'template', 'spec', 'containers'], true);
  const list = isSeq(containers) ? containers.items.filter(isMap) : [];
  const container = list.find((c) => c.get('name') === primary) ?? list[0];
  if (container === undefined) return null;
  const words = (key: string): string[] => {
    const seq = container.get(key, true);
    return isSeq(seq) ? seq.items.map((word) => String(isScalar(word) ? word.value : word)) : [];
  };
  const command = [...words('command'), ...words('args')];
  return command.length === 0 ? null : command.map((word) => word.replace(/\$\{trialParameters\.([\w-]+)\}/g, (_, name: string) => `{${references.get(name) ?? name}}`));
}
