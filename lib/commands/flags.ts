/**
 * Strict parsing of a command's own flags (node:util parseArgs): an unknown
 * or malformed flag is an error that shows the usage; `--help`/`-h` prints
 * it and yields null (nothing to run).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

export function commandFlags<O extends FlagOptions>(argv: string[], options: O, usage: string) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' } } as O }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${usage}`);
  }
  if ((values as { help?: boolean }).help) {
    console.log(usage);
    return null;
  }
  return values;
}
