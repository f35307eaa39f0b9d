/** A raw HTTP client for the server tests: any method, headers and body, the whole reply back. */
import http from 'node:http';
import net from 'node:net';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: () => any;
}

export function request(
  port: number,
  method: string,
  urlPath: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
  chunked = false,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        const text = data.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is sent; the reply is what counts.
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (chunked) {
      const b = Buffer.from(body);
      const step = 64 * 1024;
      for (let at = 0; at < b.length; at += step) req.write(b.subarray(at, at + step));
      req.end();
    } else {
      req.setHeader('Content-Length', Buffer.byteLength(body));
      req.end(body);
    }
  });
}

/** A raw TCP connection, for what http.request cannot do: send headers alone, read interim replies, vanish mid-body. */
export interface RawConnection {
  send(data: string | Buffer): void;
  /** Resolves with everything received once it matches `pattern`; rejects if the connection ends first. */
  waitFor(pattern: RegExp): Promise<string>;
  destroy(): void;
}

export function rawConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let ended = false;
    const waiters: Array<() => void> = [];
    const wake = () => waiters.splice(0).forEach((w) => w());
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      wake();
    });
    socket.on('close', () => {
      ended = true;
      wake();
    });
    socket.on('error', () => undefined);
    socket.once('connect', () =>
      resolve({
        send: (data) => socket.write(data),
        waitFor: (pattern) =>
          new Promise((done, fail) => {
            const check = (): void => {
              if (pattern.test(received)) done(received);
              else if (ended) fail(new Error(`connection closed before ${pattern}; received: ${JSON.stringify(received.slice(0, 500))}`));
              else waiters.push(check);
            };
            check();
          }),
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}
