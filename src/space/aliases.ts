// YAML aliases in a space file (`*name` of an `&name` anchor, kept under `x-` keys, say), copied in
// place so that every node has one position of its own for error messages.
import { visit, type Document, type Node } from 'yaml';
import type { ParseContext } from './parse-context.js';

/**
 * An alias (`lr2: *lr`) stands for a copy of its anchor's node (`lr: &lr loguniform(1e-5, 1)`): a
 * parameter of its own with the same distribution. The walk below read it as null, and the program
 * got `--lr2=null` (a user audit).
 */
export function copyAliases(doc: Document.Parsed, ctx: ParseContext): void {
  // aliases of aliases grow as a power (nine levels of nine copies: 387 bytes, a billion nodes, 1.5 GB
  // and no end; a user audit): the copies stop at a size no space file needs
  let copied = 0;
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      if (target === undefined) ctx.fail(`the alias *${alias.source} names no anchor &${alias.source} before it`, ctx.positionOf(alias));
      copied += nodesIn(target);
      if (copied > MAX_ALIAS_NODES) ctx.fail(`the aliases (*name) copy more than ${MAX_ALIAS_NODES} YAML nodes: aliases of aliases grow as a power; copy less`, ctx.positionOf(alias));
      return target.clone() as Node;
    },
  });
}

/** The most YAML nodes aliases may copy into one space file. */
const MAX_ALIAS_NODES = 100_000;

/** The nodes under a node, itself included; an alias inside counts once (its own copy is counted when it is made). */
function nodesIn(node: unknown): number {
  let count = 0;
  visit(node as Node, {
    Node() {
      count += 1;
    },
  });
  return count;
}
