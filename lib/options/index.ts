/**
 * Options, the ground floor: typed section declarations, YAML files with
 * `__include__`, command-line overrides, validation and `--help`. It
 * imports nothing from lib/ but lib/util; every layer above declares its
 * own section with these builders (docs/architecture.md).
 */
export { tokenize, type ArgFlag, type ArgTokens } from './argv.js';
export { optionsHash } from './hash.js';
export { parseOptionArgs, type OptionArgs, type Override } from './option_args.js';
export { OptionsError, helpText, resolveOptions, type ResolvedOptions, type RetiredOptions } from './resolve.js';
export {
  bool,
  defaults,
  int,
  leaves,
  num,
  numList,
  str,
  strList,
  type BooleanField,
  type Field,
  type Infer,
  type NumberField,
  type NumberListField,
  type Section,
  type StringField,
  type StringListField,
} from './schema.js';
export { getPath } from './tree.js';
export type { Sources, Tree } from './tree.js';
export { loadYamlWithIncludes } from './yaml_include.js';
