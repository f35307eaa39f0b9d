/**
 * The copies of notebooks a run executes, with its parameters injected:
 * written into a folder of their own (never over the committed notebooks),
 * which gets a `lib` link to the repository's lib/ so that the copies
 * import `./lib/...` exactly as the originals in notebooks/ do. The folder
 * must lie inside the repository: tslab resolves a notebook's imports
 * (node_modules included) from the notebook's own folder upwards.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.js';
import { injectParameters, parameterCell, type NotebookFile, type ParameterValue } from './notebook_parameters.js';

export interface NotebookCopy {
  source: string;
  copy: string;
  injected: Record<string, ParameterValue>;
}

/** Makes `dir/lib` a relative link to `<root>/lib` (replacing a link that points elsewhere). */
export function linkLib(dir: string, root: string): void {
  const link = join(dir, 'lib');
  const target = relative(resolve(dir), resolve(root, 'lib'));
  let stat;
  try {
    stat = lstatSync(link);
  } catch {
    stat = undefined;
  }
  if (stat) {
    if (!stat.isSymbolicLink()) throw new Error(`${link} exists and is not a link to ${resolve(root, 'lib')}`);
    if (readlinkSync(link) === target) return;
    rmSync(link);
  }
  symlinkSync(target, link);
}

/**
 * Writes each notebook's copy into `outDir` with the `values` it declares
 * injected. A name that none of the notebooks declares is an error (a typo
 * would otherwise run the defaults silently), and so are an `outDir` outside
 * the repository `root` and one that holds a notebook it copies.
 */
export function writeNotebookCopies(sources: readonly string[], outDir: string, values: ReadonlyMap<string, string>, root: string): NotebookCopy[] {
  if (sources.length === 0) throw new Error('no notebook to copy');
  const inside = relative(resolve(root), resolve(outDir));
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`${outDir} is outside the repository ${resolve(root)}: the executed copies must lie inside it (tslab resolves their imports from their folder)`);
  }
  const notebooks = sources.map((source) => {
    if (resolve(dirname(source)) === resolve(outDir)) throw new Error(`${outDir} holds ${basename(source)} itself: the executed copies go to another folder`);
    if (!existsSync(source)) throw new Error(`${source}: no such notebook`);
    return { source, nb: JSON.parse(readFileSync(source, 'utf8')) as NotebookFile };
  });
  const declared = new Set(notebooks.flatMap(({ source, nb }) => parameterCell(nb, source).parameters.map((p) => p.name)));
  const unknown = [...values.keys()].filter((k) => !declared.has(k));
  if (unknown.length > 0) {
    throw new Error(`no notebook among ${sources.map((s) => basename(s)).join(', ')} has the parameter(s) ${unknown.join(', ')}; they have: ${[...declared].join(', ')}`);
  }
  mkdirSync(outDir, { recursive: true });
  linkLib(outDir, root);
  return notebooks.map(({ source, nb }) => {
    const { notebook, injected } = injectParameters(nb, values, source);
    const copy = join(outDir, basename(source));
    writeFileAtomic(copy, `${JSON.stringify(notebook, null, 1)}\n`);
    return { source, copy, injected };
  });
}
