/**
 * `recipe1m serve -o <exp>/options.yaml --exp.resume best_<metric>
 *   [--host 127.0.0.1] [--port 8080] [--max-upload-mb 10] [--split all]`
 */
import { openSearchSession } from '../retrieval/session.js';
import { createSearchServer } from '../web/server.js';
import { parsePort, parseSplit, parseUploadMb } from './flag_values.js';
import { flagHelp, HELP_FLAG, takeFlags, type FlagSpecs } from './flags.js';

const FLAGS = {
  host: { kind: 'string', doc: 'address to listen on (default 127.0.0.1: this machine only)' },
  port: { kind: 'string', doc: 'TCP port (default 8080; 0 picks a free one)' },
  'max-upload-mb': { kind: 'string', doc: 'largest accepted photo upload in MB (default 10)' },
  split: { kind: 'string', doc: 'the splits the page searches: all (default: the page lets a user pick one), test, val or train' },
} satisfies FlagSpecs;

const USAGE = `usage: recipe1m serve -o <exp>/options.yaml --exp.resume best_<metric> [flags]

Serves the retrieval page and its JSON API (documented in the README, "Searching").

${flagHelp(FLAGS)}

Other options (-o, --exp.resume, --misc.*) are the experiment's, as for \`recipe1m eval\`.`;

export async function run(argv: string[]): Promise<number> {
  const { values, rest } = takeFlags(argv, { ...FLAGS, help: HELP_FLAG });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const host = values.host ?? '127.0.0.1';
  const port = parsePort(values.port);
  const maxUploadBytes = Math.round(parseUploadMb(values['max-upload-mb']) * 1e6);
  const split = parseSplit(values.split, 'all');
  const session = await openSearchSession(rest, split, (m) => console.error(m));
  const server = createSearchServer(session.retriever, { datasetRoot: session.datasetRoot, maxUploadBytes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `--port ${port}: already in use on ${host}` : `cannot listen on ${host}:${port}: ${err.message}`)),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host;
  const { recipes, pairs, images } = session.retriever.counts;
  const where = split === 'all' ? `the ${session.retriever.splits.join(', ')} splits` : `the ${split} split`;
  console.log(`serving ${recipes} recipes (${pairs} with photos) and ${images} photos of ${where} on http://${shown}:${bound}/ (Ctrl-C stops)`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    console.error(`warning: --host ${host} makes the page reachable from other machines`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  session.close();
  return 0;
}
