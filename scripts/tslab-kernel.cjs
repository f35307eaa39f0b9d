/**
 * The notebooks' Jupyter kernel: this checkout's tslab, with failing cells
 * reported as Jupyter errors.
 *
 * tslab prints a thrown error on the cell's stderr and answers with status
 * "error" but without ename, evalue or traceback: the notebook page shows no
 * error box and nbconvert says only "<Error>:". Here the executor's report
 * (the thrown value, or TypeScript's diagnostics) is kept for the running
 * cell and sent as an `error` output and in the execute reply, as Python
 * kernels do. tslab is pinned (package.json), and what this file relies on
 * (ZmqServer.handleExecute, the executor's console, startKernel) is its
 * 1.0.22 layout.
 *
 * It also keeps every message. tslab does not wait for a send to finish
 * before the next one, and zeromq refuses a send while one is pending
 * ("Socket is busy writing") once a burst is past its synchronous fast path:
 * each socket's sends are queued here. And a publisher drops what exceeds
 * its high-water mark (1,000 messages) while the reader is slow: the output
 * publisher has none. Without both, a cell printing 3,000 lines showed 500.
 * Last, the sockets close only once those queues are sent (shutdown).
 *
 * Started by the kernel spec that scripts/install-kernel.sh writes:
 *   node tslab-kernel.cjs kernel --config-path <connection file>
 */
'use strict';
const { writeSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const tslabDir = dirname(require.resolve('tslab/package.json', { paths: [root] }));
const tslabMain = require(join(tslabDir, 'dist', 'main.js'));
const jupyter = require(join(tslabDir, 'dist', 'jupyter.js'));
const { getVersion } = require(join(tslabDir, 'dist', 'util.js'));
const zmq = require(require.resolve('zeromq', { paths: [tslabDir] }));

// The output socket keeps what a slow reader has not taken yet (tslab reads zmq.Publisher when it starts).
const Publisher = zmq.Publisher;
zmq.Publisher = class KeepingPublisher extends Publisher {
  constructor(options) {
    super({ sendHighWaterMark: 0, ...options });
  }
};

/** Per socket, the last send: the next one starts when it is done. */
const lastSend = new WeakMap();
for (const SocketClass of [Publisher, zmq.Router, zmq.Reply]) {
  const send = SocketClass.prototype.send;
  Object.defineProperty(SocketClass.prototype, 'send', {
    configurable: true,
    writable: true,
    value: function queuedSend(message) {
      const sent = (lastSend.get(this) ?? Promise.resolve()).then(() => send.call(this, message));
      lastSend.set(this, sent.catch(() => undefined));
      // The kernel's own stderr (the Jupyter server's log): the cell's stderr is this very channel.
      sent.catch((err) => writeSync(2, `tslab-kernel: a message to Jupyter was lost: ${err && err.message}\n`));
      return sent;
    },
  });
}

/**
 * tslab closes its sockets as soon as it has handed over its last messages
 * (the shutdown reply, the final idle status), which the queue above may
 * not have sent yet, and zeromq drops what a closed socket still holds:
 * every shutdown lost those messages and Jupyter waited for a reply that
 * never came. The sockets close once their queues are empty, keeping what
 * zeromq holds for up to a second; bounded, since a client that has gone
 * never takes them.
 */
const SHUTDOWN_GRACE_MS = 1000;
const closeSockets = jupyter.ZmqServer.prototype.close;
jupyter.ZmqServer.prototype.close = function closeAfterSends() {
  const sockets = [this.iopub, this.shell, this.control, this.stdin, this.hb].filter(Boolean);
  const sent = Promise.all(sockets.map((sock) => lastSend.get(sock) ?? Promise.resolve()));
  const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
  Promise.race([sent, grace]).then(() => {
    for (const sock of sockets) sock.linger = SHUTDOWN_GRACE_MS;
    closeSockets.call(this);
  });
};

/**
 * What the executor reported for the cell it is executing. Requests arrive
 * concurrently (Run All sends every cell at once) and tslab executes them
 * one at a time in a queue: the report is opened when a request's execution
 * starts and filed under that request when it ends.
 */
let report = null;
const reports = new WeakMap();
const consoleError = console.error.bind(console);

const MACHINERY = /node_modules[\\/]tslab[\\/]|\(node:vm:|at node:vm:|sigintHandlersWrap/;

function describeThrown(value) {
  if (value instanceof Error || (value !== null && typeof value === 'object' && typeof value.message === 'string')) {
    const ename = value.name || (value.constructor && value.constructor.name) || 'Error';
    const evalue = String(value.message);
    const stack = typeof value.stack === 'string' ? value.stack.split('\n').filter((l) => !MACHINERY.test(l)) : [];
    // A vm error's stack may start with the source line and a caret before "Name: message".
    const head = stack.findIndex((l) => l.startsWith(`${ename}:`) || l.startsWith(ename));
    const traceback = head >= 0 ? stack.slice(head) : [`${ename}: ${evalue}`, ...stack];
    return { ename, evalue, traceback };
  }
  const text = String(value);
  return { ename: 'thrown value', evalue: text, traceback: [`thrown value (${typeof value}): ${text}`] };
}

/** The executor's console.error: console.error(thrown) or console.error('%s%d:%d - %s', file, line, column, message). */
function executorError(...args) {
  if (report === null) {
    consoleError(...args);
    return;
  }
  if (args.length === 1) report.thrown = describeThrown(args[0]);
  else if (args[0] === '%s%d:%d - %s') report.diagnostics.push(`${args[1]}${args[2]}:${args[3]} - ${args[4]}`);
  else consoleError(...args);
}

const handleExecuteImpl = jupyter.JupyterHandlerImpl.prototype.handleExecuteImpl;
jupyter.JupyterHandlerImpl.prototype.handleExecuteImpl = async function reportingExecuteImpl(req, ...rest) {
  report = { thrown: null, diagnostics: [] };
  try {
    return await handleExecuteImpl.call(this, req, ...rest);
  } finally {
    reports.set(req, report);
    report = null;
  }
};

jupyter.ZmqServer.prototype.handleExecute = async function handleExecute(sock, msg) {
  const send = (type, content) => {
    const out = msg.createReply();
    out.header.msg_type = type;
    out.content = content;
    out.signAndSend(this.connInfo.key, this.iopub);
  };
  const writeStream = (name, text) => send('stream', { name, text });
  const writeDisplayData = (data, update) => send(update ? 'update_display_data' : 'display_data', data);
  const content = await this.handler.handleExecute(msg.content, writeStream, writeDisplayData);
  // No report: the request was aborted before it ran (an earlier cell failed).
  const cell = reports.get(msg.content) ?? { thrown: null, diagnostics: [] };
  if (content.status === 'error') {
    const compile = cell.diagnostics.length > 0
      ? { ename: 'TypeScript', evalue: cell.diagnostics.join('\n'), traceback: ['TypeScript: the cell does not compile', ...cell.diagnostics] }
      : null;
    const error = cell.thrown ?? compile ?? { ename: 'Error', evalue: 'the cell failed without a message', traceback: ['Error: the cell failed without a message'] };
    send('error', error);
    Object.assign(content, error);
  } else if (cell.diagnostics.length > 0) {
    // Diagnostics of a cell that still ran (a `//@module` cell): shown as tslab shows them.
    writeStream('stderr', `${cell.diagnostics.join('\n')}\n`);
  }
  const reply = msg.createReply();
  reply.header.msg_type = 'execute_reply';
  reply.content = content;
  reply.signAndSend(this.connInfo.key, sock);
};

const at = process.argv.indexOf('--config-path');
if (!process.argv.includes('kernel') || at < 0 || !process.argv[at + 1]) {
  console.error('usage: node tslab-kernel.cjs kernel --config-path <connection file>');
  process.exit(2);
}
// startKernel hands console.error to the executor when it creates it (synchronously): that one reference is swapped.
const globalError = console.error;
console.error = executorError;
try {
  tslabMain.startKernel({ configPath: process.argv[at + 1], enableFindLocal: false, jsKernel: false, globalVersion: getVersion() });
} finally {
  console.error = globalError;
}
