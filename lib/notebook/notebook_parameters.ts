/**
 * Notebook parameters in the papermill style: each notebook declares its
 * parameters in one code cell tagged `parameters`, one `let` per line with a
 * JSON literal default; a run sets some of them by inserting a cell tagged
 * `injected-parameters` right after it, which assigns the new values (the
 * notebook's own cell stays as written). The values a run may give are
 * strings from a command line, read as the type of the default: string,
 * number, boolean, or a list of strings (comma-separated).
 */

export type ParameterValue = string | number | boolean | string[];

export interface NotebookParameter {
  name: string;
  /** The default, as declared. */
  value: ParameterValue;
}

/** The part of an .ipynb file this module reads and writes. */
export interface NotebookCell {
  /** nbformat 4.5 and later. */
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] } & Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}
export interface NotebookFile {
  cells: NotebookCell[];
  [key: string]: unknown;
}

export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';

const DECLARATION = /^let\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(.+?);\s*(?:\/\/.*)?$/;

const sourceText = (cell: NotebookCell): string => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);
const hasTag = (cell: NotebookCell, tag: string): boolean => cell.metadata?.tags?.includes(tag) ?? false;

function isParameterValue(v: unknown): v is ParameterValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
    || (Array.isArray(v) && v.every((e) => typeof e === 'string'));
}

/** The index of the `parameters` cell and what it declares; `where` (the notebook's path) goes into errors. */
export function parameterCell(nb: NotebookFile, where: string): { index: number; parameters: NotebookParameter[] } {
  const indices = nb.cells.flatMap((c, i) => (c.cell_type === 'code' && hasTag(c, PARAMETERS_TAG) ? [i] : []));
  if (indices.length !== 1) throw new Error(`${where}: needs exactly one code cell tagged '${PARAMETERS_TAG}', found ${indices.length}`);
  const index = indices[0];
  const parameters: NotebookParameter[] = [];
  sourceText(nb.cells[index]).split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    const m = DECLARATION.exec(line);
    let value: unknown;
    try {
      value = m ? JSON.parse(m[2]) : undefined;
    } catch {
      value = undefined;
    }
    if (!m || !isParameterValue(value)) {
      throw new Error(`${where}: parameters cell line ${i + 1} ('${line}') is not 'let <name> = <JSON string, number, boolean or list of strings>;'`);
    }
    if (parameters.some((p) => p.name === m[1])) throw new Error(`${where}: parameter '${m[1]}' is declared twice`);
    parameters.push({ name: m[1], value });
  });
  return { index, parameters };
}

/** A command-line value read as the type of the parameter's default. */
export function coerceParameter(p: NotebookParameter, raw: string, where: string): ParameterValue {
  const bad = (what: string) => new Error(`${where}: parameter ${p.name}=${raw}: ${what}`);
  if (typeof p.value === 'string') return raw;
  if (typeof p.value === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw bad('not a number');
    return n;
  }
  if (typeof p.value === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw bad('must be true or false');
    return raw === 'true';
  }
  return raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim());
}

/** Splits `name=value` arguments; the value may be empty or contain '='. */
export function parseAssignments(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at <= 0) throw new Error(`'${arg}' is not name=value`);
    out.set(arg.slice(0, at), arg.slice(at + 1));
  }
  return out;
}

/**
 * A copy of the notebook with an `injected-parameters` cell after its
 * `parameters` cell (replacing an earlier injected one) assigning the
 * `values` it declares, and with every output cleared. Returns the names it
 * does not declare, for the caller to judge.
 */
export function injectParameters(
  nb: NotebookFile,
  values: ReadonlyMap<string, string>,
  where: string,
): { notebook: NotebookFile; injected: Record<string, ParameterValue>; undeclared: string[] } {
  const cells = nb.cells.filter((c) => !hasTag(c, INJECTED_TAG));
  const { index, parameters } = parameterCell({ ...nb, cells }, where);
  const injected: Record<string, ParameterValue> = {};
  for (const p of parameters) {
    const raw = values.get(p.name);
    if (raw !== undefined) injected[p.name] = coerceParameter(p, raw, where);
  }
  const undeclared = [...values.keys()].filter((k) => !parameters.some((p) => p.name === k));
  const clean = cells.map((c) => (c.cell_type === 'code' ? { ...c, outputs: [], execution_count: null } : c));
  if (Object.keys(injected).length > 0) {
    // Ends with a declaration: a cell ending with an assignment would show the assigned value as its result.
    const lines = ['// Parameters set by this run (scripts/run-notebooks.sh); the defaults are in the cell above.',
      ...Object.entries(injected).map(([k, v]) => `${k} = ${JSON.stringify(v)};`),
      `const injectedParameters = ${JSON.stringify(Object.keys(injected))};`];
    const cell: NotebookCell = {
      ...(cells.some((c) => c.id !== undefined) ? { id: INJECTED_TAG } : {}),
      cell_type: 'code',
      execution_count: null,
      metadata: { tags: [INJECTED_TAG] },
      outputs: [],
      source: lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)),
    };
    clean.splice(index + 1, 0, cell);
  }
  return { notebook: { ...nb, cells: clean }, injected, undeclared };
}
