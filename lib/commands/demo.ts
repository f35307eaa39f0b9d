/**
 * `recipe1m demo [--key value ...]` (what `npm start` runs): the README's
 * main job, see lib/engine/demo.ts. Extra `--key value` pairs override
 * options/demo.yaml for the training run.
 */
import { runDemo } from '../experiment/demo.js';
import { parseOptionArgs } from '../options/index.js';

export async function run(argv: string[]): Promise<number> {
  if (parseOptionArgs(argv).help) {
    console.log('usage: recipe1m demo [--a.b.c value ...]   (npm start)\n' +
      'Generates and prepares recipe1m-mini (small) under data/ when absent, trains AdaMine with options/demo.yaml ' +
      '(overrides apply to it; `recipe1m train -o options/demo.yaml --help` lists them), evaluates on test and writes results/demo/REPORT.md.');
    return 0;
  }
  await runDemo(argv);
  return 0;
}
