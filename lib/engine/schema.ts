/**
 * The typed option schema. Every module that reads options exports the
 * section it owns (data: `dataset`, model: `model.network`, losses:
 * `model.criterion`, metrics: `model.metric`, engine: `exp`, `engine`,
 * `optimizer`, `misc`), built with the field helpers below. The engine
 * assembles them into one tree, validates YAML files and command-line
 * overrides against it, and refuses anything unknown or mistyped before any
 * work starts.
 */

interface FieldBase<K extends string, T> {
  kind: K;
  default: T;
  /** One line for `--help`. */
  doc: string;
}

export interface StringField extends FieldBase<'string', string | null> {
  /** When set, the value must be one of these. */
  choices?: readonly string[];
  /** Whether `null` (an empty command-line value, `~` in YAML) is allowed. */
  nullable: boolean;
}

export interface NumberField extends FieldBase<'number', number | null> {
  integer: boolean;
  min?: number;
  max?: number;
  nullable: boolean;
}

export type BooleanField = FieldBase<'boolean', boolean>;
export type StringListField = FieldBase<'string[]', string[]>;
export type NumberListField = FieldBase<'number[]', number[]>;

export type Field = StringField | NumberField | BooleanField | StringListField | NumberListField;

/** A map of option names to fields or nested sections. */
export interface Section {
  [key: string]: Field | Section;
}

export function isField(x: Field | Section): x is Field {
  return typeof (x as Field).kind === 'string' && 'doc' in x && 'default' in x;
}

export const str = (
  def: string | null,
  doc: string,
  opts: { choices?: readonly string[]; nullable?: boolean } = {},
): StringField => ({ kind: 'string', default: def, doc, choices: opts.choices, nullable: opts.nullable ?? def === null });

export const num = (
  def: number | null,
  doc: string,
  opts: { integer?: boolean; min?: number; max?: number; nullable?: boolean } = {},
): NumberField => ({
  kind: 'number',
  default: def,
  doc,
  integer: opts.integer ?? false,
  min: opts.min,
  max: opts.max,
  nullable: opts.nullable ?? def === null,
});

export const int = (
  def: number | null,
  doc: string,
  opts: { min?: number; max?: number; nullable?: boolean } = {},
): NumberField => num(def, doc, { ...opts, integer: true });

export const bool = (def: boolean, doc: string): BooleanField => ({ kind: 'boolean', default: def, doc });
export const strList = (def: string[], doc: string): StringListField => ({ kind: 'string[]', default: def, doc });
export const numList = (def: number[], doc: string): NumberListField => ({ kind: 'number[]', default: def, doc });

/** The plain-object value of a section, with every field at its default. */
export function defaults(section: Section): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    out[key] = isField(value) ? structuredClone(value.default) : defaults(value);
  }
  return out;
}
