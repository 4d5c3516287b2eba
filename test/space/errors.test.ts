import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SpaceError } from '../../src/errors.js';
import { loadSpace, parseSpace } from '../../src/space/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/spaces/', import.meta.url));

interface Expected {
  line: number;
  column: number;
  label?: string;
  reason: RegExp;
}

async function loadError(name: string): Promise<SpaceError> {
  const file = join(FIXTURES, name);
  try {
    await loadSpace(file);
  } catch (error) {
    expect(error).toBeInstanceOf(SpaceError);
    return error as SpaceError;
  }
  throw new Error(`${name} loaded without error`);
}

function parseError(text: string): SpaceError {
  try {
    parseSpace(text, { file: 'inline.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(SpaceError);
    return error as SpaceError;
  }
  throw new Error(`no error for:\n${text}`);
}

function expectAt(error: SpaceError, file: string, expected: Expected): void {
  expect(error.file).toBe(file);
  expect(error.line).toBe(expected.line);
  expect(error.column).toBe(expected.column);
  expect(error.label).toBe(expected.label);
  expect(error.reason).toMatch(expected.reason);
  const label = expected.label === undefined ? '' : `${expected.label}: `;
  expect(error.message).toBe(`${file}:${expected.line}:${expected.column}: ${label}${error.reason}`);
  expect(error.exitCode).toBe(2);
}

// One fixture file per mistake of issue 2, item 4.
const FIXTURE_CASES: Array<[string, Expected]> = [
  // the line where the [ was opened, not where YAML gave up (line 4), as PyYAML's "while parsing a flow sequence" does
  ['yaml-syntax.yaml', { line: 3, column: 7, reason: /^YAML syntax error: the flow sequence \[ opened here is never closed \(YAML gave up at line 4, column 3: Flow sequence/ }],
  ['empty.yaml', { line: 1, column: 1, reason: /^the space file is empty/ }],
  ['no-params.yaml', { line: 1, column: 1, reason: /^no params: mapping/ }],
  ['unknown-family.yaml', { line: 4, column: 18, label: 'learning_rate', reason: /^unknown family "loguniforn" \(did you mean loguniform\?\)/ }],
  ['wrong-arity.yaml', { line: 3, column: 11, label: 'hidden', reason: /^quniform takes 3 arguments, got 2: write quniform\(low, high, q\)$/ }],
  ['wrong-type.yaml', { line: 2, column: 20, label: 'dropout', reason: /^uniform: low must be a finite number \(got "zero"\)$/ }],
  ['low-not-below-high.yaml', { line: 3, column: 17, label: 'y', reason: /^uniform needs low < high \(got low = 3, high = 1\)$/ }],
  ['log-nonpositive.yaml', { line: 4, column: 29, label: 'learning_rate', reason: /^loguniform needs 0 < low < high \(got low = 0\)/ }],
  ['q-nonpositive.yaml', { line: 2, column: 29, label: 'hidden', reason: /^quniform needs q > 0 \(got q = 0\)$/ }],
  ['sigma-nonpositive.yaml', { line: 3, column: 25, label: 'momentum', reason: /^normal needs sigma > 0 \(got sigma = -0.05\)$/ }],
  ['empty-choice.yaml', { line: 3, column: 13, label: 'activation', reason: /^choice needs at least one option$/ }],
  ['pchoice-not-positive.yaml', { line: 3, column: 28, label: 'activation', reason: /^pchoice probabilities must be positive numbers \(got 0\)$/ }],
  ['pchoice-sum.yaml', { line: 3, column: 14, label: 'activation', reason: /^pchoice probabilities must sum to 1, within 0.001 \(got 0.9\)$/ }],
  ['duplicate-label.yaml', { line: 7, column: 11, label: 'beta1', reason: /^duplicate label: already defined at line 2/ }],
  ['invalid-label.yaml', { line: 3, column: 3, label: 'learning rate', reason: /letters, digits, _, - and \.$/ }],
];

describe('each error fixture gives file:line:col: label: reason', () => {
  it.each(FIXTURE_CASES)('%s', async (name, expected) => {
    expectAt(await loadError(name), join(FIXTURES, name), expected);
  });

  it('a missing file is a SpaceError naming the file', async () => {
    const error = await loadError('no-such-file.yaml');
    expect(error.message).toBe(`${join(FIXTURES, 'no-such-file.yaml')}: no such file`);
  });
});

const P = 'params:\n';

// The same mistakes and their variants, written inline.
const INLINE_CASES: Array<[string, string, Expected]> = [
  ['YAML syntax: duplicate key', `${P}  x: uniform(0, 1)\n  x: uniform(0, 2)\n`, { line: 3, column: 3, reason: /^the key "x" is given twice in one mapping; YAML keeps only one: write it once$/ }],
  ['a quantized range with no multiple of q', `${P}  x: quniform(0.1, 0.2, 1)\n`, { line: 2, column: 25, label: 'x', reason: /^quniform\(0\.1, 0\.2, 1\) holds no multiple of q = 1 from low to high: make q smaller or the range wider$/ }],
  ['a bound past the largest number', `${P}  x: uniform(0, 1e400)\n`, { line: 2, column: 17, label: 'x', reason: /^uniform: high must be a finite number \(got Infinity\)$/ }],
  ['YAML syntax: a second document', `${P}  x: uniform(0, 1)\n---\n${P}  y: uniform(0, 1)\n`, { line: 3, column: 1, reason: /^the file holds a second YAML document here \(after a --- line\); a space file is one document$/ }],
  ['YAML syntax: bad indentation', `${P}  x: uniform(0, 1)\n y: uniform(0, 1)\n`, { line: 3, column: 1, reason: /^YAML syntax error: All mapping items must start at the same column/ }],
  ['YAML syntax: unclosed {', `${P}  x: {a: 1, b: 2\n  y: uniform(0, 1)\n`, { line: 2, column: 6, reason: /^YAML syntax error: the flow mapping \{ opened here is never closed \(YAML gave up at line 3/ }],
  ['YAML syntax: unclosed "', `${P}  x: "unclosed\n  y: uniform(0, 1)\n  z: 4\n`, { line: 2, column: 6, reason: /^YAML syntax error: the quote " opened here is never closed \(YAML gave up at line 5/ }],
  ["YAML syntax: unclosed ' after an escaped ''", `${P}  x: 'it''s\n  y: uniform(0, 1)\n`, { line: 2, column: 6, reason: /^YAML syntax error: the quote ' opened here is never closed/ }],
  ['whitespace only', '   \n\n', { line: 1, column: 1, reason: /^the space file is empty/ }],
  // a typo in an expression would otherwise be a constant string, passed to every trial as it is
  ['an expression never closed', `${P}  lr: loguniform(1e-4, 1\n`, { line: 2, column: 7, label: 'lr', reason: /^"loguniform\(1e-4, 1" is no expression: loguniform\(\.\.\. is not closed: a '\)' is missing \(quote the text to pass it as a constant\)$/ }],
  ['a family in square brackets', `${P}  n: randint[4, 64]\n`, { line: 2, column: 6, label: 'n', reason: /^"randint\[4, 64\]" is no expression: write randint\(\.\.\.\) with round brackets/ }],
  ['a range wider than the largest number', `${P}  x: uniform(-1e308, 1e308)\n`, { line: 2, column: 22, label: 'x', reason: /^uniform\(-1e\+308, 1e\+308\) is too wide to search \(high - low is beyond the largest number\); narrow it, or search its magnitude with loguniform$/ }],
  // draws past the largest float reached programs as inf (a user audit, "large spaces")
  ['a normal spread wider than the largest number', `${P}  x: normal(0, 1e308)\n`, { line: 2, column: 16, label: 'x', reason: /^normal\(0, 1e\+308\) draws values beyond what a float holds \(mu \u00b1 8 sigma is Infinity\): make sigma smaller or mu nearer 0$/ }],
  ['more steps of q than a float counts', `${P}  x: qloguniform(1e-5, 1.7e308, 1e-5)\n`, { line: 2, column: 33, label: 'x', reason: /^qloguniform: values up to 1\.7e\+308 in steps of q = 0\.00001 are beyond what a float holds \(value \/ q is Infinity\): make q larger or the range narrower$/ }],
  ['more steps of q than a float counts, unbounded', `${P}  x: qnormal(0, 1e300, 1e-10)\n`, { line: 2, column: 24, label: 'x', reason: /^qnormal: values up to 8e\+300 in steps of q = 1e-10 are beyond/ }],
  ['a family without brackets', `${P}  x: uniform 0 1\n`, { line: 2, column: 6, label: 'x', reason: /^"uniform 0 1" is no expression: write uniform\(\.\.\.\) with its arguments in brackets, e.g\. uniform\(0, 1\)/ }],
  // a hyperopt user's first guesses: hp.* syntax, options in brackets or as distributions, two kinds at once
  ['hyperopt hp.choice', `${P}  opt: hp.choice("opt", ["adam", "sgd"])\n`, { line: 2, column: 8, label: 'opt', reason: /^"hp\.choice\(.*\)" is no expression: hyperopt's hp\.choice\(label, options\) is written `choice: \[\.\.\.\]` under the label, which is the key/ }],
  ['hyperopt hp.uniform', `${P}  x: hp.uniform('x', 0, 1)\n`, { line: 2, column: 6, label: 'x', reason: /is no expression: hyperopt's hp\.uniform\(label, \.\.\.\) is written uniform\(\.\.\.\) without the label/ }],
  ['hyperopt scope.int', `${P}  n: scope.int(hp.quniform('n', 1, 9, 1))\n`, { line: 2, column: 6, label: 'n', reason: /hyperopt's scope\.int\(\.\.\.\) is not needed: quniform/ }],
  // Ray Tune's and Optuna's spellings were plain text: every trial got it as a constant (a user audit)
  ['Ray Tune tune.loguniform', `${P}  lr: tune.loguniform(1e-5, 1)\n`, { line: 2, column: 7, label: 'lr', reason: /^"tune\.loguniform\(1e-5, 1\)" is no expression: Ray Tune's tune\.loguniform\(\.\.\.\) is written as a family without tune\.: loguniform\(1e-5, 1\)/ }],
  ['Ray Tune tune.choice', `${P}  opt: tune.choice(["adam", "sgd"])\n`, { line: 2, column: 8, label: 'opt', reason: /is no expression: Ray Tune's tune\.choice\(\[a, b\]\) is written choice\(a, b\)/ }],
  ['Ray Tune tune.grid_search', `${P}  g: tune.grid_search([1, 2])\n`, { line: 2, column: 6, label: 'g', reason: /is no expression: Ray Tune's tune\.grid_search\(\[\.\.\.\]\) is written choice\(a, b, \.\.\.\) and run with --algo grid/ }],
  ['Ray Tune lograndint without tune.', `${P}  n: lograndint(16, 1024)\n`, { line: 2, column: 6, label: 'n', reason: /^unknown family "lograndint" \(did you mean randint\?\); Ray Tune's tune\.lograndint/ }],
  ['Optuna trial.suggest_float', `${P}  lr: trial.suggest_float("lr", 1e-5, 1, log=True)\n`, { line: 2, column: 7, label: 'lr', reason: /is no expression: Optuna's suggest_float\(name, \.\.\.\) is written without the name, which is the key: .*with log=True as loguniform\(low, high\)/ }],
  ['Optuna suggest_int', `${P}  n: suggest_int("n", 1, 8)\n`, { line: 2, column: 6, label: 'n', reason: /^unknown family "suggest_int"; Optuna's suggest_int\(name, \.\.\.\) is written without the name/ }],
  // a user audit (Optuna/Ray migration): suggest_int's log=True and step were read as plain uniformint
  ['Optuna suggest_int with log or step', `${P}  n: trial.suggest_int("n", 16, 256, log=True)\n`, { line: 2, column: 6, label: 'n', reason: /suggest_int\(name, low, high\) as uniformint\(low, high\), with step as quniform\(low, high, step\), with log=True as qloguniform\(low, high, 1\);/ }],
  ['inline choice of a list', `${P}  a: choice(['relu', 'tanh'])\n`, { line: 2, column: 13, label: 'a', reason: /^write the options without brackets, choice\(a, b\), or as a list, choice: \[a, b\]$/ }],
  ['inline choice of lists', `${P}  h: choice([64, 64], [128, 64])\n`, { line: 2, column: 13, label: 'h', reason: /^an option is a scalar, not \[64, 64\]: give each value of a list its own parameter/ }],
  ['inline choice of a distribution', `${P}  x: choice(uniform(0, 1), 5)\n`, { line: 2, column: 13, label: 'x', reason: /^an option cannot be a distribution \(uniform\(0, 1\)\): give the option its own parameters/ }],
  ['listed choice of a distribution', `${P}  x:\n    choice:\n      - 5\n      - uniform(0, 1)\n`, { line: 5, column: 9, label: 'x', reason: /^an option cannot be a distribution/ }],
  ['a distribution split in a [ ] choice', `${P}  x:\n    choice: [5, uniform(0, 1)]\n`, { line: 3, column: 17, label: 'x', reason: /^inside \[ \] YAML splits uniform\(a, b\) at its comma, and an option cannot be a distribution: give the option its own parameters/ }],
  ['an empty argument', `${P}  x: uniform(0, 1,)\n`, { line: 2, column: 19, label: 'x', reason: /^uniform has an empty argument \(a comma too many\?\): write uniform\(low, high\)$/ }],
  ['arguments by name', `${P}  x: uniform(low=0, high=1)\n`, { line: 2, column: 14, label: 'x', reason: /^uniform takes its arguments by position, not by name \(got "low=0"\)/ }],
  ['a list as a label', `${P}  x: uniform(0, 1)\n  ? [a, b]\n  : uniform(0, 1)\n`, { line: 3, column: 5, reason: /^a label is a word, not a list or mapping$/ }],
  ['a comma left out of an inline choice (a user audit)', `${P}  opt: choice(sgd adam)\n`, { line: 2, column: 15, label: 'opt', reason: /^one option, "sgd adam": separate options with commas, choice\(sgd, adam\), or quote an option that holds spaces$/ }],
  ['a comma too many in an inline choice', `${P}  opt: choice(a, b,)\n`, { line: 2, column: 20, label: 'opt', reason: /^an option is empty \(a comma too many\); write null for a null option$/ }],
  ['hyperopt inside an inline choice', `${P}  opt: choice(a, hp.choice("x", [1, 2]))\n`, { line: 2, column: 18, label: 'opt', reason: /^hyperopt's hp\.choice\(label, options\) is written/ }],
  ['a tuple as an option', `${P}  opt: choice(a, (b, c))\n`, { line: 2, column: 18, label: 'opt', reason: /^an option is a scalar, not \(b, c\)/ }],
  ['choice and pchoice at once', `${P}  x:\n    pchoice: [[0.9, a], [0.1, b]]\n    choice: [a, b]\n`, { line: 3, column: 5, label: 'x', reason: /^a parameter is one of choice:, pchoice: or dist:, not choice: and pchoice:$/ }],
  ['params is empty', 'params:\n', { line: 1, column: 8, reason: /^params: must be a non-empty mapping/ }],
  ['params is a list', 'params: [a, b]\n', { line: 1, column: 9, reason: /^params: must be a non-empty mapping/ }],
  ['unknown family, suggestion', `${P}  n: normall(0, 1)\n`, { line: 2, column: 6, label: 'n', reason: /did you mean normal\?/ }],
  ['unknown family, far from any', `${P}  n: gaussian(0, 1)\n`, { line: 2, column: 6, label: 'n', reason: /^unknown family "gaussian"; known: uniform, / }],
  ['too many arguments', `${P}  d: uniform(0, 1, 2)\n`, { line: 2, column: 6, label: 'd', reason: /^uniform takes 2 arguments, got 3/ }],
  ['randint arity', `${P}  k: randint(1, 2, 3)\n`, { line: 2, column: 6, label: 'k', reason: /^randint takes 1 or 2 arguments, got 3: write randint\(high\) or randint\(low, high\)$/ }],
  ['randint non-integer', `${P}  k: randint(1, 5.5)\n`, { line: 2, column: 17, label: 'k', reason: /^randint needs integer bounds \(got 5.5\)$/ }],
  ['randint(0)', `${P}  k: randint(0)\n`, { line: 2, column: 14, label: 'k', reason: /^randint needs high >= 1/ }],
  ['string argument', `${P}  n: normal(0, "1")\n`, { line: 2, column: 16, label: 'n', reason: /^normal: sigma must be a finite number \(got "1"\)$/ }],
  ['low == high', `${P}  u: uniform(1, 1)\n`, { line: 2, column: 17, label: 'u', reason: /^uniform needs low < high/ }],
  ['uniformint low > high', `${P}  i: uniformint(5, 2)\n`, { line: 2, column: 20, label: 'i', reason: /^uniformint needs low < high/ }],
  ['loguniform negative low', `${P}  lr: loguniform(-1, 1)\n`, { line: 2, column: 18, label: 'lr', reason: /^loguniform needs 0 < low < high \(got low = -1\)/ }],
  ['qloguniform zero low', `${P}  wd: qloguniform(0, 1, 0.1)\n`, { line: 2, column: 19, label: 'wd', reason: /^qloguniform needs 0 < low < high/ }],
  ['loguniform high <= low', `${P}  lr: loguniform(1, 1e-3)\n`, { line: 2, column: 21, label: 'lr', reason: /^loguniform needs 0 < low < high \(got low = 1, high = 0.001\)/ }],
  ['negative q', `${P}  q: qnormal(0, 1, -1)\n`, { line: 2, column: 20, label: 'q', reason: /^qnormal needs q > 0 \(got q = -1\)$/ }],
  ['sigma zero (lognormal)', `${P}  s: lognormal(0, 0)\n`, { line: 2, column: 19, label: 's', reason: /^lognormal needs sigma > 0/ }],
  ['empty inline choice', `${P}  c: choice()\n`, { line: 2, column: 6, label: 'c', reason: /^choice needs at least one option$/ }],
  ['empty pchoice', `${P}  c:\n    pchoice: []\n`, { line: 3, column: 14, label: 'c', reason: /^pchoice needs at least one option$/ }],
  ['negative probability', `${P}  c:\n    pchoice: [[-0.2, a], [1.2, b]]\n`, { line: 3, column: 15, label: 'c', reason: /^pchoice probabilities must be positive/ }],
  ['probabilities above 1', `${P}  c:\n    pchoice: [[0.6, a], [0.6, b]]\n`, { line: 3, column: 14, label: 'c', reason: /^pchoice probabilities must sum to 1, within 0.001 \(got 1.2\)$/ }],
  ['pchoice option not a pair', `${P}  c:\n    pchoice: [a, b]\n`, { line: 3, column: 15, label: 'c', reason: /pair \[probability, option\]/ }],
  ['duplicate across sibling options', `${P}  opt:\n    choice:\n      - adam:\n          lr: uniform(0, 1)\n      - sgd:\n          lr: uniform(0, 1)\n`, { line: 7, column: 11, label: 'lr', reason: /^duplicate label: already defined at line 5/ }],
  ['nested label equal to its parent', `${P}  opt:\n    choice:\n      - adam:\n          opt: uniform(0, 1)\n`, { line: 5, column: 11, label: 'opt', reason: /^duplicate label/ }],
  ['label starting with a digit', `${P}  1st: uniform(0, 1)\n`, { line: 2, column: 3, label: '1st', reason: /starts with an ASCII letter or _/ }],
  ['label with a $', `${P}  cost$: uniform(0, 1)\n`, { line: 2, column: 3, label: 'cost$', reason: /only ASCII letters, digits, _, - and \./ }],
  ['label named __proto__ (an object key that is lost)', `${P}  __proto__: uniform(0, 1)\n`, { line: 2, column: 3, label: '__proto__', reason: /^invalid label "__proto__": it names no key of a JSON object/ }],
  ['label named as a placeholder of hypertune', `${P}  trial_id: choice(a, b)\n`, { line: 2, column: 3, label: 'trial_id', reason: /^invalid label "trial_id": \{trial_id\} is hypertune's own placeholder/ }],
  ['unicode label', `${P}  é: uniform(0, 1)\n`, { line: 2, column: 3, label: 'é', reason: /ASCII letter/ }],
  ['label every object has', `${P}  opt:\n    choice:\n      - a\n      - b:\n          hasOwnProperty: uniform(0, 1)\n`, { line: 6, column: 11, label: 'hasOwnProperty', reason: /^invalid label "hasOwnProperty": every JavaScript object has a property of that name/ }],
  ['choice written as a mapping', `${P}  act:\n    pchoice:\n      relu: 0.5\n      tanh: 0.5\n`, { line: 4, column: 7, label: 'act', reason: /^pchoice needs a list of options, e\.g\. pchoice: \[\[0\.5, relu\]/ }],
  ['a three-argument expression split at its commas in { }', `${P}  opt:\n    choice:\n      - mlp: {width: quniform(32, 512, 32)}\n`, { line: 4, column: 22, label: 'width', reason: /^inside \{ \} YAML splits family\(a, b\) at its comma/ }],
  ['expression split at its comma in { }', `${P}  opt:\n    choice:\n      - sgd: {momentum: uniform(0, 0.99)}\n`, { line: 4, column: 25, label: 'momentum', reason: /^inside \{ \} YAML splits family\(a, b\) at its comma/ }],
  ['two expressions split in { }', 'params: {a: uniform(0, 1), b: normal(0, 1)}\n', { line: 1, column: 41, reason: /^inside \{ \} YAML splits family\(a, b\) at its comma/ }],
  ['nested invalid label', `${P}  opt:\n    choice:\n      - adam:\n          beta 1: uniform(0, 1)\n`, { line: 5, column: 11, label: 'beta 1', reason: /invalid label "beta 1"/ }],
  ['stop: not a mapping', `stop: 30\n${P}  x: uniform(0, 1)\n`, { line: 1, column: 7, reason: /^stop must be a mapping with at:, patience: or min_delta:/ }],
  ['prune: max_steps below min_steps', `prune: {pruner: asha, min_steps: 9, max_steps: 3}\n${P}  x: uniform(0, 1)\n`, { line: 1, column: 48, reason: /^max_steps \(3\) must be at least prune: min_steps \(9\)$/ }],
  ["another pruner's setting (a user audit)", `prune:\n  pruner: asha\n  warmup_steps: 5\n${P}  x: uniform(0, 1)\n`, { line: 3, column: 3, reason: /^prune: warmup_steps is not a setting of asha \(it takes min_steps and reduction_factor\)$/ }],
  ["another pruner's setting, written before the pruner", `prune: {min_steps: 2, pruner: median}\n${P}  x: uniform(0, 1)\n`, { line: 1, column: 9, reason: /^prune: min_steps is not a setting of median \(it takes warmup_steps and startup_trials\)$/ }],
  ['max_steps given twice, apart', `max_steps: 20\nprune:\n  pruner: asha\n  max_steps: 27\n${P}  x: uniform(0, 1)\n`, { line: 1, column: 12, reason: /^max_steps is 20 here and 27 in prune: \(line 4\); give it once$/ }],
  ['stop: unknown key', `stop:\n  patiense: 30\n${P}  x: uniform(0, 1)\n`, { line: 2, column: 3, reason: /^unknown key "patiense" in stop: \(did you mean patience\?\); known: at, patience, min_delta$/ }],
  ['stop: patience not a whole number', `stop: { patience: 2.5 }\n${P}  x: uniform(0, 1)\n`, { line: 1, column: 19, reason: /^stop: patience must be an integer >= 1, trials without progress \(got 2.5\)$/ }],
  ['stop: at not a number', `stop:\n  at: low\n${P}  x: uniform(0, 1)\n`, { line: 2, column: 7, reason: /^stop: at must be a number, the metric's value to stop at \(got "low"\)$/ }],
  ['stop: min_delta without patience', `stop: { min_delta: 0.1 }\n${P}  x: uniform(0, 1)\n`, { line: 1, column: 7, reason: /^stop: min_delta sets what counts as progress for patience: give patience too$/ }],
  // found at the first ask, it left an empty study that refused the corrected file (a user audit)
  ['algo: grid with a continuous parameter without points', `algo: grid\n${P}  n: { dist: quniform(0, 4, 1) }\n  lr: loguniform(1e-4, 1)\n`, { line: 4, column: 7, label: 'lr', reason: /^grid search needs points for this continuous parameter: write \{ dist: \.\.\., grid: N \}, or grid: N at the top/ }],
  // nine levels of nine copies, 387 bytes: a billion nodes and 1.5 GB before, no end (a user audit)
  ['aliases of aliases that would copy a billion nodes', `x-a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\nx-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nx-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nx-f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nx-g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nx-h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\nx-i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n${P}  x: uniform(0, 1)\n`, { line: 6, column: 10, reason: /^the aliases \(\*name\) copy more than 100000 YAML nodes: aliases of aliases grow as a power; copy less$/ }],
  ['an alias with no anchor before it', `${P}  lr2: *lr\n  lr: &lr uniform(0, 1)\n`, { line: 2, column: 8, reason: /^the alias \*lr names no anchor &lr before it$/ }],
  ['a YAML tag the value does not bear out', `${P}  x: !!float 1\n`, { line: 2, column: 14, label: 'x', reason: /^the YAML tag !!float is not read here: write the value as the program should get it/ }],
  ['a YAML tag of its own', `${P}  x: !custom 5\n`, { line: 2, column: 14, label: 'x', reason: /^the YAML tag !custom is not read here/ }],
  ['a constant that is no finite number', `${P}  k: .nan\n  x: uniform(0, 1)\n`, { line: 2, column: 6, label: 'k', reason: /^a constant must be a finite number \(got \.nan\): quote it/ }],
  ['a YAML merge key', `${P}  <<: {a: 1}\n  x: uniform(0, 1)\n`, { line: 2, column: 3, reason: /^YAML merge keys \(<<\) are not read/ }],
  ['a label of several lines', `${P}  ? |\n    a\n    b\n  : uniform(0, 1)\n`, { line: 2, column: 5, reason: /^invalid label "a\\nb\\n": / }],
  ['an alias that repeats nested labels', `${P}  opt: &o\n    choice:\n      - adam:\n          beta: uniform(0, 1)\n      - sgd\n  opt2: *o\n`, { line: 5, column: 11, label: 'beta', reason: /^defined again by an alias of the mapping it is in/ }],
  ['options that are no finite numbers', `${P}  c:\n    choice: [.nan, .inf, 1]\n`, { line: 3, column: 13, label: 'c', reason: /^choice options are finite numbers, text, booleans or null \(got NaN\)/ }],
  ['stop: negative min_delta', `stop: { patience: 5, min_delta: -0.1 }\n${P}  x: uniform(0, 1)\n`, { line: 1, column: 33, reason: /^stop: min_delta must be a number >= 0/ }],
];

describe('parseSpace on inline text', () => {
  it.each(INLINE_CASES)('%s', (_name, text, expected) => {
    expectAt(parseError(text), 'inline.yaml', expected);
  });

  it("names the line and column of a start: entry's value, also of an entry on one line (a user audit)", () => {
    const text = 'params:\n  x: uniform(0, 1)\n  k: choice(a, b)\nstart:\n  - {x: 0.5, k: c}\n  - x: 2\n    k: a\n';
    expect(() => parseSpace(text)).toThrow('<space>:5:17: k: "c" is not one of "a", "b"');
    expect(() => parseSpace(text.replace('k: c}', 'k: a}'))).toThrow('<space>:6:8: x: 2 is outside uniform(0, 1)');
  });

  it('names <space> when no file is given', () => {
    expect(() => parseSpace('params:\n  x: uniform(2, 1)\n')).toThrow('<space>:2:17: x: uniform needs low < high (got low = 2, high = 1)');
  });
});

describe('choices nested some hundreds deep (a user audit)', () => {
  it('are one line at the file, not "YAML syntax error" of valid YAML nor an internal error', () => {
    // flow style: 5,000 levels in 150 kB (indented, the file grows as the square of its depth)
    const depth = 5000;
    const open = Array.from({ length: depth }, (_, i) => `{choice: [leaf, {n${i}: {c${i + 1}: `).join('');
    const text = `params:\n  c0: ${open}7${'}}]}'.repeat(depth)}\n`;
    expect(() => parseSpace(text, { file: 'deep.yaml' })).toThrow(/^deep\.yaml:1:1: the file nests deeper than a space file may/);
  });
});

describe('YAML aliases and the bytes of a file (a user audit)', () => {
  it('reads an alias as a copy of its anchor: a parameter of its own, not null', () => {
    const space = parseSpace('params:\n  lr: &lr loguniform(1e-5, 1)\n  lr2: *lr\n  batch: &b 32\n  batch2: *b\n');
    expect(space.nodes.map((node) => [node.label, node.kind])).toEqual([['lr', 'numeric'], ['lr2', 'numeric'], ['batch', 'constant'], ['batch2', 'constant']]);
    expect(space.nodes[1]).toMatchObject({ family: 'loguniform', low: 1e-5, high: 1 });
    expect(space.nodes[3]).toMatchObject({ value: 32 });
    // !!str makes text of a number; a core tag its value matches is kept
    expect(parseSpace('params:\n  s: !!str 5\n  f: !!float 1.5\n  x: uniform(0, 1)\n').nodes.slice(0, 2).map((node) => node.kind === 'constant' && node.value)).toEqual(['5', 1.5]);
    // pchoice thirds typed to five digits are scaled to 1
    const thirds = parseSpace('params:\n  a:\n    pchoice: [[0.33333, x], [0.33333, y], [0.33333, z]]\n').nodes[0];
    expect(thirds?.kind === 'choice' && thirds.probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    // keys of the file's own (x-...) hold anchors; pchoice's 0.999 is within its thousandth
    const extension = parseSpace('x-defaults:\n  lr: &lr loguniform(1e-5, 1)\nparams:\n  lr: *lr\n  c:\n    pchoice: [[0.5, a], [0.499, b]]\n');
    expect(extension.nodes.map((node) => node.label)).toEqual(['lr', 'c']);
    // a grid study accepts what it can enumerate
    expect(parseSpace('algo: grid\ngrid: 3\nparams:\n  lr: loguniform(1e-4, 1)\n').algo).toBe('grid');
  });

  it('refuses a file that is not UTF-8 at its first bad byte, where decoding replaced it before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latin1-'));
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('params:\n  name: choice(caf'), Buffer.from([0xe9]), Buffer.from(', b)\n')]));
    await expect(loadSpace(file)).rejects.toThrow(`${file}:2:19: the file is not UTF-8 (byte 0xe9): save it as UTF-8`);
    writeFileSync(file, 'params:\n  name: choice(caf\u00e9, b)\n');
    expect((await loadSpace(file)).nodes[0]).toMatchObject({ kind: 'choice' });
  });
});
