import type { Config } from '../study/types.js';

type Tree = { [key: string]: Config[string] | Tree };

/**
 * The text of `--pass json-file`'s file: the parameters as a JSON object in which a dotted label is
 * nested (`optimizer.lr` -> {"optimizer": {"lr": ...}}), as Hydra, OmegaConf and Guild AI's config
 * files read them. A label that cannot nest (`a` beside `a.b`) stays flat under its full name.
 * HYPERTUNE_PARAMS keeps the flat form.
 */
export function paramsFileText(params: Config): string {
  // without a prototype, a label such as `__proto__.x` is just a key
  const root = Object.create(null) as Tree;
  const flat: Array<[string, Config[string]]> = [];
  for (const [label, value] of Object.entries(params)) {
    if (!place(root, label.split('.'), value)) flat.push([label, value]);
  }
  for (const [label, value] of flat) root[label] = value;
  return `${JSON.stringify(root, null, 2)}\n`;
}

function place(root: Tree, path: string[], value: Config[string]): boolean {
  if (path.some((part) => part === '')) return false;
  let node = root;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node = node[part] = Object.create(null) as Tree;
    else if (isTree(next)) node = next;
    else return false;
  }
  const leaf = path[path.length - 1] ?? '';
  if (Object.hasOwn(node, leaf)) return false;
  node[leaf] = value;
  return true;
}

function isTree(value: Config[string] | Tree): value is Tree {
  return typeof value === 'object' && value !== null;
}
