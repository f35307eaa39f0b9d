/**
 * The retrieval web server: one self-contained page (the files of page/,
 * read when the server is built) and the JSON endpoints behind it
 * (documented in the README, "Searching"). Plain node:http; every request
 * is answered, a bad one with a JSON `{ "error": message }` and a 4xx
 * status, a bug with a generic 500 (details go to the server log only).
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { decodeQueryImage } from '../retrieval/image_input.js';
import { parseIngredientList } from '../retrieval/ingredient_query.js';
import { QueryError } from '../retrieval/query_error.js';
import { recipeView, type RecipeView } from '../retrieval/recipe_view.js';
import { parseTop, type RecipeDetails, type Retriever, type SearchHit, type SearchResult } from '../retrieval/retriever.js';
import { declaredTooLarge, readBody } from './http_body.js';
import { parseMultipartFile } from './multipart.js';
import { readPage } from './page_files.js';
import { resolveInside } from './safe_path.js';

export interface ServerOptions {
  /** The Recipe1M root: image paths of hits are relative to it, and only its `images/` folder is served. */
  datasetRoot: string;
  /** Largest accepted request body, bytes (default 10 MB). */
  maxUploadBytes?: number;
  /** Where request failures are logged (default console.error). */
  log?: (message: string) => void;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1000 * 1000;

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, param: string) => Promise<void>;

interface Route {
  method: 'GET' | 'POST';
  /** Exact path, or a prefix ending in '/' whose rest is passed as `param`. */
  path: string;
  handler: Handler;
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), { 'Cache-Control': 'no-store', ...extra });
}

/** The URL that serves an image path relative to the dataset root, or '' if it is not under images/. */
export function imageUrl(imagePath: string): string {
  const parts = imagePath.split('/');
  if (parts[0] !== 'images' || parts.length < 2) return '';
  return '/' + parts.map(encodeURIComponent).join('/');
}

function withUrls(result: SearchResult): SearchResult & { hits: (SearchHit & { imageUrl: string })[] } {
  return { ...result, hits: result.hits.map((h) => ({ ...h, imageUrl: imageUrl(h.imagePath) })) };
}

function recipeJson(r: RecipeDetails): RecipeView & { images: Array<{ id: string; path: string; url: string }> } {
  const view = recipeView(r);
  return { ...view, images: view.images.map((im) => ({ ...im, url: imageUrl(im.path) })) };
}

/** True when the failure is the client's leaving: an aborted upload, a download cut short. */
function clientGone(res: http.ServerResponse, err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || res.destroyed;
}

/** The `split` query parameter: a loaded split's name, 'all' or absent (every loaded split). */
function splitParam(url: URL): string | undefined {
  return url.searchParams.get('split') ?? undefined;
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new QueryError(`bad percent-encoding in '${raw.slice(0, 80)}'`);
  }
}

/** Builds the server (not yet listening). */
export function createSearchServer(retriever: Retriever, options: ServerOptions): http.Server {
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const log = options.log ?? ((m: string) => console.error(m));
  const imagesRoot = path.join(options.datasetRoot, 'images');
  const page = readPage();
  // The model runs one query at a time: concurrent requests queue here instead of piling tensors up.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  const routes: Route[] = [
    { method: 'GET', path: '/', handler: async (_q, res) => send(res, 200, 'text/html; charset=utf-8', page.html) },
    { method: 'GET', path: '/app.js', handler: async (_q, res) => send(res, 200, 'text/javascript; charset=utf-8', page.script) },
    { method: 'GET', path: '/app.css', handler: async (_q, res) => send(res, 200, 'text/css; charset=utf-8', page.css) },
    {
      method: 'GET',
      path: '/api/info',
      handler: async (_q, res) =>
        sendJson(res, 200, { split: retriever.split, splits: retriever.splits, ...retriever.counts, checkpoint: retriever.checkpoint, maxUploadBytes: maxUpload }),
    },
    {
      method: 'POST',
      path: '/api/search/image',
      handler: async (req, res, url) => {
        const top = parseTop(url.searchParams.get('top') ?? undefined, 'top');
        const body = await readBody(req, maxUpload);
        const type = req.headers['content-type'] ?? '';
        const bytes = /^multipart\/form-data/iu.test(type) ? parseMultipartFile(body, type).data : body;
        const image = await decodeQueryImage(bytes, 'uploaded image', retriever.imageSize);
        sendJson(res, 200, withUrls(await exclusive(() => retriever.byImage(image, top, splitParam(url)))));
      },
    },
    {
      method: 'GET',
      path: '/api/search/ingredients',
      handler: async (_q, res, url) => {
        const top = parseTop(url.searchParams.get('top') ?? undefined, 'top');
        const names = parseIngredientList(url.searchParams.get('q') ?? '');
        const remove = parseIngredientList(url.searchParams.get('remove') ?? '');
        sendJson(res, 200, withUrls(await exclusive(() => retriever.byIngredients(names, top, remove, splitParam(url)))));
      },
    },
    {
      method: 'GET',
      path: '/api/search/recipe/',
      handler: async (_q, res, url, param) => {
        const top = parseTop(url.searchParams.get('top') ?? undefined, 'top');
        const remove = parseIngredientList(url.searchParams.get('remove') ?? '');
        sendJson(res, 200, withUrls(await exclusive(() => retriever.byRecipeId(decodeParam(param), top, remove, splitParam(url)))));
      },
    },
    {
      method: 'GET',
      path: '/api/recipe/',
      handler: async (_q, res, _u, param) => sendJson(res, 200, recipeJson(await retriever.requireRecipe(decodeParam(param)))),
    },
    {
      method: 'GET',
      path: '/images/',
      handler: async (_q, res, _u, param) => {
        const file = await resolveInside(imagesRoot, decodeParam(param));
        const type = file ? IMAGE_TYPES[path.extname(file).toLowerCase()] : undefined;
        if (!file || !type) throw new QueryError('no such image', 404);
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
        // pipeline, not pipe: a client that goes away mid-file closes the file too. Its close is
        // asynchronous: wait for it, so that by the time the abort is logged the descriptor is gone.
        const stream = createReadStream(file);
        try {
          await pipeline(stream, res);
        } finally {
          if (!stream.closed) await once(stream, 'close');
        }
      },
    },
  ];

  const match = (pathname: string): Route[] =>
    routes.filter((r) => (r.path.endsWith('/') && r.path !== '/' ? pathname.startsWith(r.path) && pathname.length > r.path.length : pathname === r.path));

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const fail = (err: unknown): void => {
      if (clientGone(res, err)) {
        // Not a failure of the server: browsers drop image loads and searches they no longer need.
        log(`serve: ${req.method} ${req.url}: the client closed the connection before the answer was sent`);
        res.destroy();
        return;
      }
      if (res.headersSent) {
        log(`serve: ${req.method} ${req.url}: failed after the response started: ${(err as Error).stack ?? String(err)}`);
        res.destroy();
        return;
      }
      if (err instanceof QueryError) {
        // An unread oversized body would otherwise be parsed as the next request on this connection.
        const extra: Record<string, string> = err.status === 413 ? { Connection: 'close' } : {};
        sendJson(res, err.status, { error: err.message }, extra);
        if (err.status === 413) req.resume();
        return;
      }
      log(`serve: ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      sendJson(res, 500, { error: 'internal error (see the server log)' });
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const candidates = match(url.pathname);
      if (candidates.length === 0) throw new QueryError(`no route ${url.pathname}`, 404);
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const route = candidates.find((r) => r.method === method);
      if (!route) {
        sendJson(res, 405, { error: `${req.method} is not allowed on ${url.pathname}` }, { Allow: candidates.map((r) => r.method).join(', ') });
        req.resume();
        return;
      }
      const param = route.path.endsWith('/') && route.path !== '/' ? url.pathname.slice(route.path.length) : '';
      route.handler(req, res, url, param).catch(fail);
    } catch (err) {
      fail(err);
    }
  };

  const server = http.createServer(handle);
  // Node answers `Expect: 100-continue` with 100 by itself; a body declared over the limit gets its 413 instead, unsent.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const refused = declaredTooLarge(req, maxUpload);
    if (refused) {
      sendJson(res, refused.status, { error: refused.message }, { Connection: 'close' });
      return;
    }
    res.writeContinue();
    handle(req, res);
  });
  return server;
}
