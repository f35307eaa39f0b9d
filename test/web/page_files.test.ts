/**
 * The page's markup, script and style sheet are real files (lib/web/page/):
 * the server serves them byte for byte, as a browser would load them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { Retriever } from '../../lib/retrieval/retriever.js';
import { createSearchServer } from '../../lib/web/server.js';
import { catalog, datasetRoot, embeddings, FakeEncoder } from '../retrieval/fixtures.js';
import { request } from './http_client.js';

const PAGE = new URL('../../lib/web/page/', import.meta.url);
let server: http.Server;
let port: number;
let root: string;

before(async () => {
  root = await datasetRoot();
  server = createSearchServer(new Retriever(embeddings(), new FakeEncoder(), catalog), { datasetRoot: root });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true });
});

test('/, /app.js and /app.css are the files of lib/web/page, with their content types', async () => {
  for (const [url, file, type] of [
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'page.js', 'text/javascript; charset=utf-8'],
    ['/app.css', 'page.css', 'text/css; charset=utf-8'],
  ]) {
    const r = await request(port, 'GET', url);
    assert.equal(r.status, 200, url);
    assert.equal(r.headers['content-type'], type, url);
    assert.equal(r.text, readFileSync(new URL(file, PAGE), 'utf8'), `${url} is not ${file} as it is on disk`);
  }
});

test('the page links the script and the style sheet the server serves', () => {
  const html = readFileSync(new URL('index.html', PAGE), 'utf8');
  assert.match(html, /<script src="\/app\.js" defer><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="\/app\.css">/);
});
