/**
 * Writes parameterised copies of notebooks for scripts/run-notebooks.sh:
 *
 *   node --import tsx scripts/notebook-copies.ts --out DIR NOTEBOOK... [-- name=value...]
 *
 * Each copy gets an `injected-parameters` cell after its `parameters` cell
 * (lib/analysis/notebook_parameters.ts). Prints one line per copy: its path,
 * a tab, and the parameters set in it as JSON.
 */
import { parseAssignments } from '../lib/notebook/notebook_parameters.js';
import { writeNotebookCopies } from '../lib/notebook/notebook_copies.js';
import { repositoryRoot } from '../lib/notebook/repo_root.js';

const USAGE = 'usage: notebook-copies.ts --out DIR NOTEBOOK... [-- name=value...]';

function main(argv: string[]): void {
  const split = argv.indexOf('--');
  const head = split < 0 ? argv : argv.slice(0, split);
  const assignments = split < 0 ? [] : argv.slice(split + 1);
  const at = head.indexOf('--out');
  if (at < 0 || !head[at + 1]) throw new Error(USAGE);
  const outDir = head[at + 1];
  const notebooks = head.filter((_, i) => i !== at && i !== at + 1);
  if (notebooks.some((n) => n.startsWith('-'))) throw new Error(USAGE);
  const copies = writeNotebookCopies(notebooks, outDir, parseAssignments(assignments), repositoryRoot());
  for (const c of copies) console.log(`${c.copy}\t${JSON.stringify(c.injected)}`);
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(`notebook-copies: ${(err as Error).message}`);
  process.exit(1);
}
