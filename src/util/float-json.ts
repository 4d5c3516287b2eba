// JSON in which chosen numbers keep a point: JSON.stringify writes 1.0 as 1, which Python's json reads
// as an int, so a float parameter's whole value would change type from trial to trial.

/** Which numbers are floats, by their path of keys from the top (['optimizer', 'lr']). */
export type FloatAt = (path: readonly string[]) => boolean;

/**
 * JSON.stringify of plain data (same layout), with the whole numbers `floatAt` names written `1.0`.
 * `pointed`: a number in exponent form keeps a point in its mantissa (`1.0e-7`, not `1e-7`), which YAML
 * 1.1 loaders (PyYAML's safe_load, used to read a config file as YAML or JSON) read as a string otherwise.
 */
export function floatJson(value: unknown, floatAt: FloatAt, indent = 0, pointed = false): string {
  const write = (item: unknown, path: readonly string[]): string => {
    if (item !== null && typeof item === 'object') {
      const list = Array.isArray(item);
      const entries = list ? item.map((child: unknown, i) => [String(i), child] as const) : Object.entries(item);
      const [open, close] = list ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) return `${open}${close}`;
      const inner = indent > 0 ? `\n${' '.repeat(indent * (path.length + 1))}` : '';
      const outer = indent > 0 ? `\n${' '.repeat(indent * path.length)}` : '';
      const colon = indent > 0 ? ': ' : ':';
      const written = entries.map(([key, child]) => `${inner}${list ? '' : `${JSON.stringify(key)}${colon}`}${write(child, [...path, key])}`);
      return `${open}${written.join(',')}${outer}${close}`;
    }
    if (typeof item === 'number' && Number.isInteger(item) && Math.abs(item) < 1e21 && floatAt(path)) return `${String(item)}.0`;
    const text = JSON.stringify(item) ?? 'null';
    // an integer stays one: 1.0e+21 is a float to Python's json
    return pointed && typeof item === 'number' && (!Number.isInteger(item) || floatAt(path)) ? text.replace(/^(-?\d+)e/, '$1.0e') : text;
  };
  return write(value, []);
}

/** The parameters (flat, or nested by dotted label) whose float labels are `floats`. */
export function floatLabelsAt(floats: readonly string[], under: readonly string[] = []): FloatAt {
  return (path) => path.length > under.length && under.every((key, i) => path[i] === key) && floats.includes(path.slice(under.length).join('.'));
}
