/**
 * The demo's REPORT.md: what ran and on which backend (and why a preferred
 * one was not used), how long each stage took, the test results (MedR,
 * R@1/5/10, both directions, mean ± std over bags) next to the chance level
 * of the same bag size, and where the files are.
 */
import { describeDevice, type BackendInfo } from '../backend/index.js';
import { metricsTable } from './experiment.js';

export interface DemoReport {
  dataDir: string;
  preparedDir: string;
  expDir: string;
  optionsFile: string;
  backend: BackendInfo;
  pairs: { train: number; val: number; test: number };
  epochs: number;
  checkpoint: string;
  bestValR1: number | null;
  protocol: { nbBags: number; perBag: number; name: string };
  metrics: Record<string, number>;
  /** Stage name → seconds. */
  timings: [string, number][];
  /** Cores, load, CPU time: what the wall-clock times were measured on. */
  machine: string;
  files: string[];
}

/** Chance level in a bag of n: a random ranking puts the match at rank k with probability 1/n. */
export function chanceLevel(n: number): { medR: number; recall: Record<1 | 5 | 10, number> } {
  return { medR: (n + 1) / 2, recall: { 1: 1 / n, 5: Math.min(1, 5 / n), 10: Math.min(1, 10 / n) } };
}

export function demoReportMarkdown(r: DemoReport): string {
  const chance = chanceLevel(r.protocol.perBag);
  const total = r.timings.reduce((a, [, s]) => a + s, 0);
  return [
    '# recipe1m demo report',
    '',
    `AdaMine trained on recipe1m-mini (small) with \`${r.optionsFile}\`, backend ${r.backend.name}, ${r.epochs} epochs; ` +
      `${r.pairs.train} train / ${r.pairs.val} val / ${r.pairs.test} test image-recipe pairs.`,
    '',
    `## Test results (${r.checkpoint}, ${r.protocol.nbBags} ${r.protocol.name} bags of ${r.protocol.perBag} pairs, mean ± std over bags)`,
    '',
    metricsTable(r.metrics),
    `| chance (bag of ${r.protocol.perBag}) | ${chance.medR.toFixed(1)} | ${chance.recall[1].toFixed(3)} | ${chance.recall[5].toFixed(3)} | ${chance.recall[10].toFixed(3)} |`,
    '',
    'MedR is the 1-based median rank of the true match (1 is best); R@K the fraction of queries whose match ranks in the top K. ' +
      'image→recipe ranks the recipes of a bag for each image query; recipe→image the reverse.' +
      (r.bestValR1 !== null ? ` Best validation R@1 image→recipe during training: ${r.bestValR1.toFixed(3)}.` : ''),
    '',
    '## Backend',
    '',
    `${r.backend.name}: ${describeDevice(r.backend)}.` +
      (r.backend.failures.length ? ` Not used: ${r.backend.failures.map((f) => `${f.name} (${f.reason})`).join('; ')}.` : ''),
    '',
    '## Time',
    '',
    '| stage | seconds |',
    '|---|---|',
    ...r.timings.map(([name, s]) => `| ${name} | ${s.toFixed(1)} |`),
    `| total | ${total.toFixed(1)} |`,
    '',
    `Wall-clock seconds on ${r.machine}.`,
    '',
    '## Files',
    '',
    ...r.files.map((f) => `- ${f}`),
    '',
  ].join('\n');
}
