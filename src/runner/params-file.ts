import type { Config } from '../study/types.js';
import { floatJson, floatLabelsAt } from '../util/float-json.js';

type Tree = { [key: string]: Config[string] | Tree };

/**
 * The text of `--pass json-file`'s file: the parameters as a JSON object in which a dotted label is
 * nested (`optimizer.lr` -> {"optimizer": {"lr": ...}}), as Hydra, OmegaConf and Guild AI's config
 * files read them. Labels that cannot nest (`a` beside `a.b`, or an empty part as in `a..b`) stay
 * flat under their full names, all of them, so that none hides another. HYPERTUNE_PARAMS stays flat. A float parameter's whole value is written 1.0.
 */
export function paramsFileText(params: Config, floats: readonly string[] = []): string {
  const labels = Object.keys(params);
  // without a prototype, a label such as `__proto__.x` is just a key
  const root = Object.create(null) as Tree;
  for (const [label, value] of Object.entries(params)) {
    const parts = label.split('.');
    const clash = parts.includes('') || labels.some((other) => other !== label && (other.startsWith(`${label}.`) || label.startsWith(`${other}.`)));
    if (clash) {
      root[label] = value;
      continue;
    }
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = typeof next === 'object' && next !== null ? next : (node[part] = Object.create(null) as Tree);
    }
    node[parts[parts.length - 1] ?? label] = value;
  }
  // `1.0e-7`: a program that loads its config with yaml.safe_load got the string '1e-7' (a user audit)
  return `${floatJson(root, floatLabelsAt(floats), 2, true)}\n`;
}
