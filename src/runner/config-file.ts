import { basename } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { UsageError } from '../errors.js';
import type { Config } from '../study/types.js';
import { floatJson } from '../util/float-json.js';

/**
 * `--config-file`: each trial gets a copy of the user's own configuration file (YAML or JSON) with the
 * trial's parameters written over the values at their dotted labels (`optimizer.lr`, `layers.0.units`),
 * for programs that read everything from one file (`python train.py --config {config_file}`), as
 * Guild AI's config flags do. Only the values are replaced, in the file's own text: its comments,
 * order, quoting and layout stay as they are, so the copy reads like the file the user wrote.
 */
export interface ConfigBase {
  /** The file as the user named it, for messages. */
  name: string;
  text: string;
}

/** Where a parameter's value sits in the file's text. */
interface Spot {
  start: number;
  end: number;
}

const JSON_NAME = /\.json$/i;

/** The name of a trial's copy in its folder: the file's own, so that a program run there (--cwd trial) finds it. */
export function configCopyName(configFile: string): string {
  return basename(configFile);
}
// strings a YAML 1.1 loader (PyYAML, OmegaConf) or a 1.2 one reads as something else, written quoted
const NOT_PLAIN = /^(y|yes|n|no|true|false|on|off|null|~)$/i;
const PLAIN = /^[A-Za-z_][\w./-]*$/;

// each trial's copy is made from the same base: its document is parsed once, not once per trial
const parsed = new WeakMap<ConfigBase, Document>();

/** The file's parsed document (only read, never changed); a file that does not parse is a usage error naming its line. */
function documentOf(base: ConfigBase): Document {
  const known = parsed.get(base);
  if (known !== undefined) return known;
  const doc = parseDocument(base.text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0]?.line;
    throw new UsageError(`${base.name}${line === undefined ? '' : ` line ${line}`}: not valid ${JSON_NAME.test(base.name) ? 'JSON' : 'YAML'} (${error.message.split('\n')[0] ?? ''})`);
  }
  parsed.set(base, doc);
  return doc;
}

/** The keys a node has, for the message of a label it lacks. */
function keysOf(node: unknown): string {
  if (isMap(node)) return `its keys: ${node.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key)).join(', ')}`;
  if (isSeq(node)) return `a list of ${node.items.length}`;
  return 'a single value';
}

/** The spot of `label`'s value, or why there is none. */
function spotOf(doc: Document, label: string): Spot | string {
  let node: unknown = doc.contents;
  const parts = label.split('.');
  for (const [i, part] of parts.entries()) {
    const at = parts.slice(0, i).join('.') || 'the top';
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === part);
      if (pair === undefined) return `${at} has no key "${part}" (${keysOf(node)})`;
      next = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(part) && Number(part) < node.items.length) {
      next = node.items[Number(part)];
    } else {
      return `${at} is ${keysOf(node)}, with no "${part}"`;
    }
    if (isAlias(next)) return `${parts.slice(0, i + 1).join('.')} is an alias (*${next.source}): give the label of the value it refers to`;
    node = next;
  }
  const range = (node as Node | null)?.range;
  if (range === undefined || range === null) return `${label} has no value in the file: give it one (its default)`;
  return { start: range[0], end: range[1] };
}

/**
 * Checks that every label names a value of the file; a label that does not (a typo, or a key the file
 * lacks) would leave the file's own value in every trial, and the study would tune nothing. Throws a
 * usage error naming the label's line in the space file.
 */
export function checkConfigLabels(base: ConfigBase, labels: ReadonlyArray<{ label: string; line: number }>, spaceFile: string): void {
  const doc = documentOf(base);
  for (const { label, line } of labels) {
    const inner = labels.find((other) => other.label.startsWith(`${label}.`));
    if (inner !== undefined) throw new UsageError(`${spaceFile} line ${inner.line}: ${inner.label} lies inside ${label}, which is tuned too: one would overwrite the other in ${base.name}`);
    const spot = spotOf(doc, label);
    if (typeof spot === 'string') throw new UsageError(`${spaceFile} line ${line}: ${label} is not a value of ${base.name}: ${spot}`);
  }
}

/** A value as the file's language writes it; floats keep a point (`1.0e-8`, which PyYAML reads as a float). */
function valueText(value: unknown, float: boolean, json: boolean): string {
  if (typeof value === 'string' && !json && PLAIN.test(value) && !NOT_PLAIN.test(value)) return value;
  return floatJson(value, (path) => float && path.length === 0, 0, true);
}

/** The copy's text: `params` written over the file's values at their labels (checked by checkConfigLabels). */
export function configFileText(base: ConfigBase, params: Config, floats: readonly string[] = []): string {
  const doc = documentOf(base);
  const json = JSON_NAME.test(base.name);
  const edits = Object.entries(params).map(([label, value]) => {
    const spot = spotOf(doc, label);
    if (typeof spot === 'string') throw new UsageError(`${label} is not a value of ${base.name}: ${spot}`);
    const own = base.text.slice(spot.start, spot.end);
    // `lr:` with nothing after the colon, and a block collection's trailing line breaks
    const end = spot.start + own.trimEnd().length;
    const text = valueText(value, floats.includes(label), json);
    return { start: spot.start, end, text: spot.start === spot.end && base.text[spot.start - 1] === ':' ? ` ${text}` : text };
  });
  let text = base.text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = `${text.slice(0, edit.start)}${edit.text}${text.slice(edit.end)}`;
  return text;
}
