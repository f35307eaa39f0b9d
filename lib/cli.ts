/**
 * `recipe1m <command> [options]`: dispatches to one module per command, each
 * exporting `run(argv): Promise<number>` (the exit code). Modules load on
 * demand so that `recipe1m --help` does not start TensorFlow.js.
 */
type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  generate: { summary: 'write the recipe1m-mini cookbook in Recipe1M layout', load: () => import('./commands/generate.js') },
  prepare: { summary: 'ingest a Recipe1M-layout folder into LMDB stores', load: () => import('./commands/prepare.js') },
  train: { summary: 'train a model from an option file', load: () => import('./commands/train.js') },
  eval: { summary: 'evaluate a checkpoint (no training split)', load: () => import('./commands/eval.js') },
  compare: { summary: 'rank experiment folders by a logged metric', load: () => import('./commands/compare.js') },
  extract: { summary: 'write every embedding of a split to the experiment folder', load: () => import('./commands/extract.js') },
  search: { summary: 'retrieve recipes or images for a query', load: () => import('./commands/search.js') },
  demo: { summary: 'the main job (npm start): generate, prepare, train and evaluate on recipe1m-mini, write a report', load: () => import('./commands/demo.js') },
  serve: { summary: 'serve the retrieval web page on 127.0.0.1', load: () => import('./commands/serve.js') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['usage: recipe1m <command> [options]', '', 'commands:', ...lines, '', 'recipe1m <command> --help for its options'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`recipe1m: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (err) {
    // Errors meant for users carry their own message; a stack helps only for bugs, so it goes behind RECIPE1M_DEBUG.
    const e = err as Error;
    console.error(`recipe1m ${name}: ${e.message}`);
    if (process.env.RECIPE1M_DEBUG) console.error(e.stack);
    return 1;
  }
}
