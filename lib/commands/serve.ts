/**
 * `recipe1m serve -o <exp>/options.yaml --exp.resume best_<metric>
 *   [--host 127.0.0.1] [--port 8080] [--max-upload-mb 10] [--split test]`
 */
import { flagHelp, parsePort, parseUploadMb, takeFlags, type FlagSpec } from '../search/cli_flags.js';
import { createSearchServer } from '../search/server.js';
import { openSearchSession, parseSplit } from '../search/session.js';

const FLAGS: Record<string, FlagSpec> = {
  host: { kind: 'value', doc: 'address to listen on (default 127.0.0.1: this machine only)' },
  port: { kind: 'value', doc: 'TCP port (default 8080; 0 picks a free one)' },
  'max-upload-mb': { kind: 'value', doc: 'largest accepted photo upload in MB (default 10)' },
  split: { kind: 'value', doc: 'the split searched: test (default), val or train' },
};

const USAGE = `usage: recipe1m serve -o <exp>/options.yaml --exp.resume best_<metric> [flags]

Serves the retrieval page and its JSON API (documented in the README, "Searching").

${flagHelp(FLAGS)}

Other options (-o, --exp.resume, --misc.*) are the experiment's, as for \`recipe1m eval\`.`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const { values, rest } = takeFlags(argv, FLAGS);
  const host = values.get('host') ?? '127.0.0.1';
  const port = parsePort(values.get('port'));
  const maxUploadBytes = Math.round(parseUploadMb(values.get('max-upload-mb')) * 1e6);
  const split = parseSplit(values.get('split'));
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
  console.log(`serving ${session.retriever.size} items of the ${split} split on http://${shown}:${bound}/ (Ctrl-C stops)`);
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
