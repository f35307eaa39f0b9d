/**
 * Option trees as read from YAML, before validation: nested plain maps with
 * dotted keys for their leaves (`model.criterion.margin`).
 */

export type Tree = { [key: string]: unknown };
/** Dotted key → where its value came from (a file path, "command line" or "default"). */
export type Sources = Map<string, string>;

export function isMap(x: unknown): x is Tree {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The value at a dotted key. */
export function getPath(tree: object, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (!isMap(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Sets the value at a dotted key, making the maps on the way. */
export function setPath(tree: Tree, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    if (!isMap(node[part])) node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1]] = value;
}
