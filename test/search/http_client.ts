/** A raw HTTP client for the server tests: any method, headers and body, the whole reply back. */
import http from 'node:http';

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
