/**
 * The typed option schema. Every layer declares the section it owns with the
 * field builders below (data: `dataset`, model: `model.network`, losses:
 * `model.criterion`, metrics: `model.metric`, engine: `exp`, `engine`,
 * `optimizer`, `misc`); the engine assembles them into one tree, which
 * resolve.ts validates. A declaration is also the section's type:
 * `Infer<typeof criterionSchema>` has one property per field, of the
 * field's value type (a union of its choices, `| null` when it may be
 * empty), so no section is written twice. Declare a section with
 * `satisfies Section`, not `: Section`, which would forget those types.
 */

interface FieldBase<K extends string, V> {
  kind: K;
  default: V;
  /** One line for `--help`. */
  doc: string;
}

export interface StringField<V extends string | null = string | null> extends FieldBase<'string', V> {
  /** When set, the value must be one of these. */
  choices?: readonly string[];
  /** Whether `null` (an empty command-line value, `~` in YAML) is allowed. */
  nullable: boolean;
}

export interface NumberField<V extends number | null = number | null> extends FieldBase<'number', V> {
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

/** The value type of a field, or the plain-object type of a section. */
export type Infer<S> = S extends Field ? S['default'] : { -readonly [K in keyof S]: Infer<S[K]> };

export function isField(x: Field | Section): x is Field {
  return typeof (x as Field).kind === 'string' && 'doc' in x && 'default' in x;
}

/** T, not inferred from this position (TypeScript's NoInfer, which the project's 5.0 compiler lacks). */
type Later<T> = [T][T extends unknown ? 0 : never];

interface NumberBounds {
  min?: number;
  max?: number;
}

/**
 * A string option. With `choices`, its type is their union; it may be null
 * when its default is null or `nullable` is true.
 */
export function str<const C extends string>(def: Later<C>, doc: string, opts: { choices: readonly C[]; nullable?: false }): StringField<C>;
export function str<const C extends string>(def: Later<C> | null, doc: string, opts: { choices: readonly C[]; nullable?: true }): StringField<C | null>;
export function str(def: string, doc: string, opts?: { nullable?: false }): StringField<string>;
export function str(def: string | null, doc: string, opts?: { nullable?: true }): StringField<string | null>;
export function str(def: string | null, doc: string, opts: { choices?: readonly string[]; nullable?: boolean } = {}): StringField {
  return { kind: 'string', default: def, doc, choices: opts.choices, nullable: opts.nullable ?? def === null };
}

function numberField(def: number | null, doc: string, integer: boolean, opts: NumberBounds & { nullable?: boolean }): NumberField {
  return { kind: 'number', default: def, doc, integer, min: opts.min, max: opts.max, nullable: opts.nullable ?? def === null };
}

/** A number option; it may be null when its default is null or `nullable` is true. */
export function num(def: number, doc: string, opts?: NumberBounds & { nullable?: false }): NumberField<number>;
export function num(def: number | null, doc: string, opts?: NumberBounds & { nullable?: true }): NumberField<number | null>;
export function num(def: number | null, doc: string, opts: NumberBounds & { nullable?: boolean } = {}): NumberField {
  return numberField(def, doc, false, opts);
}

/** An integer option; it may be null when its default is null or `nullable` is true. */
export function int(def: number, doc: string, opts?: NumberBounds & { nullable?: false }): NumberField<number>;
export function int(def: number | null, doc: string, opts?: NumberBounds & { nullable?: true }): NumberField<number | null>;
export function int(def: number | null, doc: string, opts: NumberBounds & { nullable?: boolean } = {}): NumberField {
  return numberField(def, doc, true, opts);
}

export const bool = (def: boolean, doc: string): BooleanField => ({ kind: 'boolean', default: def, doc });
export const strList = (def: string[], doc: string): StringListField => ({ kind: 'string[]', default: def, doc });
export const numList = (def: number[], doc: string): NumberListField => ({ kind: 'number[]', default: def, doc });

/** The plain-object value of a section, with every field at its default. */
export function defaults<S extends Section>(section: S): Infer<S> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    out[key] = isField(value) ? structuredClone(value.default) : defaults(value);
  }
  // Built field by field from the declaration, so it has the declaration's shape.
  return out as Infer<S>;
}

/** Every leaf of the schema as [dotted key, field]. */
export function leaves(schema: Section, prefix = ''): [string, Field][] {
  return Object.entries(schema).flatMap(([key, node]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isField(node) ? [[path, node] as [string, Field]] : leaves(node, path);
  });
}
