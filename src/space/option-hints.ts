// What to write instead of an option shaped as hyperopt's: hp.choice('model', [{'type': 'svm', 'C': ...}])
// is a list of dicts, the option named by one of their keys; here the name is the key (`- svm:`) and the
// rest its parameters. A user audit (hyperopt migration) wrote hyperopt's documented example as it
// stands and was told only that "this one has keys type, C, kernel".
import { isMap, isScalar } from 'yaml';
import { looksLikeExpression } from './expression.js';

/** A scalar that names something: a word or a number, not an expression and not empty. */
function nameOf(value: unknown): string | null {
  if (!isScalar(value)) return null;
  const raw: unknown = value.value;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || looksLikeExpression(raw)) return null;
  return raw;
}

/**
 * For an option written as a mapping of several keys: the way to write it when exactly one key holds a
 * plain name (`{type: svm, C: lognormal(0, 1)}`: `- svm:` with `C:` below), else the keys it has.
 */
export function dictOptionHint(node: unknown): string {
  if (!isMap(node)) return '';
  const pairs = node.items.flatMap((item) => (isScalar(item.key) ? [{ key: String(item.key.value), value: item.value }] : []));
  const keys = pairs.map((pair) => pair.key).filter((key) => /^[A-Za-z_][\w.-]*$/.test(key));
  if (keys.includes('name')) return '; for {name: X, ...} write - X: and its parameters below';
  // a word names the option; a number beside it (max_iter: 1000) is one of its constants
  const words = pairs.filter((pair) => isScalar(pair.value) && typeof pair.value.value === 'string' && nameOf(pair.value) !== null);
  const naming = words[0];
  if (words.length === 1 && naming !== undefined && keys.length > 1) {
    const rest = keys.filter((key) => key !== naming.key);
    return `; for hyperopt's {${naming.key}: ${nameOf(naming.value) ?? ''}, ...} write - ${nameOf(naming.value) ?? ''}: with ${rest.join(', ')} indented below it (docs/space.md, "Nested choices")`;
  }
  return keys.length > 1 ? `; this one has keys ${keys.join(', ')}` : '';
}

/** For `- type: naive_bayes` (hyperopt's {'type': 'naive_bayes'}): the option is the value, `- naive_bayes`. */
export function scalarOptionHint(key: unknown, value: unknown): string {
  const name = nameOf(value);
  if (name !== null) return `; for hyperopt's {${String(key)}: ${name}} write the option itself, - ${name}`;
  if (isScalar(value) && typeof value.value === 'string' && looksLikeExpression(value.value)) {
    return `; an option cannot be a distribution: write - name: with ${String(key)}: ${value.value} indented below it`;
  }
  return '';
}
