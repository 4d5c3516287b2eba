// What a parameter's label may be: it is a flag's name, a key of HYPERTUNE_PARAMS and of the study's
// records, and a {placeholder} of the command.

const LABEL = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The placeholders hypertune fills itself (docs/running.md): a parameter of that name would take their place. */
const OWN_PLACEHOLDERS = ['trial_id', 'study', 'trial_dir', 'params_file'];

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
