/**
 * The one command-line tokenizer. A command line is a list of flags, each
 * with the words that follow it: `--name value`, `--name=value`, `-o FILE`,
 * `--name` alone, `-d a b c`. A word is a flag when it is `--` followed by
 * a name, or `-` followed by one letter; anything else (a path, `-1e-3`,
 * `-inf`) is a value. How many values a flag takes and what they mean is
 * its reader's business: the option overrides (option_args.ts) and the
 * commands' own flags (lib/commands/flags.ts) read these tokens.
 */

export interface ArgFlag {
  /** As written, without any `=value`: `--exp.dir`, `-o`. */
  flag: string;
  /** Without the dashes: `exp.dir`, `o`. */
  name: string;
  /** The value words that follow the flag; with `--name=value`, that value (possibly '') first. */
  values: string[];
  /** Whether it was written `--name=value`. */
  inline: boolean;
  /** The words of the command line it was read from, in order. */
  words: string[];
}

export interface ArgTokens {
  /** Value words before the first flag. */
  positionals: string[];
  flags: ArgFlag[];
}

function isFlagWord(word: string): boolean {
  return /^--[^-=]/u.test(word) || /^-[A-Za-z]$/u.test(word);
}

export function tokenize(argv: readonly string[]): ArgTokens {
  const positionals: string[] = [];
  const flags: ArgFlag[] = [];
  for (const word of argv) {
    const last = flags[flags.length - 1];
    if (!isFlagWord(word)) {
      if (last === undefined) positionals.push(word);
      else {
        last.values.push(word);
        last.words.push(word);
      }
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    flags.push({ flag, name: flag.replace(/^--?/u, ''), values: eq > 0 ? [word.slice(eq + 1)] : [], inline: eq > 0, words: [word] });
  }
  return { positionals, flags };
}
