// What a parameter's label may be: it is a flag's name, a key of HYPERTUNE_PARAMS and of the study's
// records, and a {placeholder} of the command.
import { isMap, isScalar, isSeq, type Pair } from 'yaml';
import type { ParseContext } from './parse-context.js';
import type { SourcePosition } from './types.js';

const LABEL = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The placeholders hypertune fills itself (docs/running.md): a parameter of that name would take their place. */
const OWN_PLACEHOLDERS = ['trial_id', 'study', 'trial_dir', 'params_file', 'config_file'];

/** Why `label` cannot name a parameter, or null; `stored`: a study's space, whose labels older rules took. */
export function labelProblem(label: unknown, stored = false): string | null {
  if (typeof label !== 'string' || !LABEL.test(label)) {
    return `invalid label ${JSON.stringify(label)}: a label starts with an ASCII letter or _ and contains only ASCII letters, digits, _, - and .`;
  }
  if (stored) return null;
  // an object's key of that name sets its prototype: the parameter was lost on its way to the program (a user audit)
  if (label === '__proto__') return 'invalid label "__proto__": it names no key of a JSON object; call the parameter otherwise';
  // every object has these: an inactive parameter of that name read as a function (a user audit)
  if (label in Object.prototype) return `invalid label "${label}": every JavaScript object has a property of that name; call the parameter otherwise`;
  if (OWN_PLACEHOLDERS.includes(label)) return `invalid label "${label}": {${label}} is hypertune's own placeholder (docs/running.md); call the parameter otherwise`;
  return null;
}

export function labelOf(ctx: ParseContext, pair: Pair): { label: string; position: SourcePosition } {
  const key = pair.key;
  // `? [a, b]` makes a list the key: no label, and no line but the key's own (a user audit)
  if (!isScalar(key)) ctx.fail('a label is a word, not a list or mapping', ctx.positionOf(isSeq(key) || isMap(key) ? key : null));
  const position = ctx.positionOf(key);
  const label: unknown = key.value;
  if (label === '<<') ctx.fail('YAML merge keys (<<) are not read: write the parameters out, or copy one with an alias (lr2: *lr)', position);
  const problem = labelProblem(label, ctx.stored);
  // a label that is no label is named in the reason, quoted: shown raw it could break the line (a re-audit)
  if (problem !== null || typeof label !== 'string') return ctx.fail(problem ?? 'invalid label', position, typeof label === 'string' && !/[\u0000-\u001f]/.test(label) ? label : undefined);
  const earlier = ctx.labels.get(label);
  if (earlier !== undefined && earlier.line === position.line && earlier.column === position.column) {
    ctx.fail('defined again by an alias of the mapping it is in: an alias copies its anchor with its labels, and labels are unique; alias only parameters without nested ones', position, label);
  }
  if (earlier !== undefined) {
    ctx.fail(`duplicate label: already defined at line ${earlier.line}; labels must be unique across the whole space: for one flag in two options, name them apart (adam_${label}, sgd_${label}) and place both in the command, of which only the active one is passed: --${label} {adam_${label}} --${label} {sgd_${label}} (docs/space.md, "Labels")`, position, label);
  }
  ctx.labels.set(label, position);
  return { label, position };
}
