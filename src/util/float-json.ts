// JSON in which chosen numbers keep a point: JSON.stringify writes 1.0 as 1, which Python's json reads
// as an int, so a float parameter's whole value would change type from trial to trial.

/** Which numbers are floats, by their path of keys from the top (['optimizer', 'lr']). */
export type FloatAt = (path: readonly string[]) => boolean;

/** JSON.stringify of plain data (same layout), with the whole numbers `floatAt` names written `1.0`. */
export function floatJson(value: unknown, floatAt: FloatAt, indent = 0): string {
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
    return JSON.stringify(item) ?? 'null';
  };
  return write(value, []);
}

/** The parameters (flat, or nested by dotted label) whose float labels are `floats`. */
export function floatLabelsAt(floats: readonly string[], under: readonly string[] = []): FloatAt {
  return (path) => path.length > under.length && under.every((key, i) => path[i] === key) && floats.includes(path.slice(under.length).join('.'));
}
