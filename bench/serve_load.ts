/**
 * The `serve` bench case: `recipe1m serve` on a barely trained tiny
 * experiment, in its own process, under load from this one:
 *
 *   ingredients  2,000 ingredient searches (3 names of a dataset recipe), 20 at a time
 *   uploads      200 uploads of the split's own photos, 8 at a time
 *   png_49mp     1, 8, 16 and 32 concurrent uploads of a 7000 × 7000 PNG
 *
 * Throughput, latency percentiles and the server's resident memory (before,
 * after, and its peak during each phase, from /proc) are reported, so that
 * a slower server, a leak or an unbounded decode shows. --quick runs a tenth
 * of the requests and the PNG phase at 1 and 8 only.
 */
import http from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { canReadMemory, startServe, type ServeProcess } from '../test/web/serve_process.js';
import { tinyExperiment } from '../test/retrieval/tiny_experiment.js';
import type { BenchRecord } from './cases.js';

interface Reply {
  status: number;
  ms: number;
}

function send(agent: http.Agent, port: number, method: string, urlPath: string, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers = body ? { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length } : {};
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** `count` requests made by `concurrency` workers in turn; throughput, latencies, failures and the server's memory. */
async function phase(server: ServeProcess, count: number, concurrency: number, make: (i: number, agent: http.Agent) => Promise<Reply>): Promise<BenchRecord> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const rssBefore = server.rssMB();
  server.resetPeak();
  const ms: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const r = await make(next++, agent);
        ms.push(r.ms);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  ms.sort((a, b) => a - b);
  const failed = count - (statuses.get(200) ?? 0);
  return {
    requests: count,
    concurrency,
    req_per_s: round(count / seconds),
    p50_ms: round(percentile(ms, 0.5)),
    p99_ms: round(percentile(ms, 0.99)),
    max_ms: round(ms[ms.length - 1]),
    ...(failed ? { failed, statuses: Object.fromEntries(statuses) } : {}),
    rss_mb_before: round(rssBefore),
    rss_mb_after: round(server.rssMB()),
    rss_growth_mb: round(server.rssMB() - rssBefore),
    peak_rss_mb: round(server.peakMB()),
    peak_over_before_mb: round(server.peakMB() - rssBefore),
  };
}

/** Every photo file under `dir`. */
async function photos(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(jpe?g|png|webp)$/iu.test(e.name)).map((e) => path.join(e.parentPath, e.name)).sort();
}

export async function runServe(quick: boolean): Promise<BenchRecord> {
  if (!canReadMemory()) throw new Error('the serve case reads the server memory from /proc/<pid>/status (Linux only)');
  const scale = quick ? 0.1 : 1;
  const loadStart = round(loadavg()[0], 2);
  const exp = await tinyExperiment('recipe1m-bench-serve-');
  let server: ServeProcess | undefined;
  try {
    server = await startServe(exp.args);
    const s = server;
    const det = JSON.parse(await readFile(path.join(exp.raw, 'det_ingrs.json'), 'utf8')) as Array<{ ingredients: Array<{ text: string }> }>;
    const warm = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // Every query once, one at a time: it warms the server and keeps only the queries it answers.
    const queries: string[] = [];
    for (const r of det) {
      const q = `/api/search/ingredients?top=10&q=${encodeURIComponent(r.ingredients.slice(0, 3).map((i) => i.text).join(', '))}`;
      if ((await send(warm, s.port, 'GET', q)).status === 200) queries.push(q);
    }
    const files = await photos(path.join(exp.raw, 'images', 'test'));
    const images = await Promise.all(files.map((f) => readFile(f)));
    // The first upload loads the backbone.
    const first = await send(warm, s.port, 'POST', '/api/search/image', images[0]);
    if (first.status !== 200) throw new Error(`a photo upload answered ${first.status}`);
    warm.destroy();
    const rssIdle = s.rssMB();
    const ingredients = await phase(s, Math.round(2000 * scale), 20, (i, agent) => send(agent, s.port, 'GET', queries[i % queries.length]));
    const uploads = await phase(s, Math.round(200 * scale), 8, (i, agent) => send(agent, s.port, 'POST', '/api/search/image?top=10', images[i % images.length]));
    const png = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: { r: 200, g: 90, b: 40 } } }).png().toBuffer();
    const big: BenchRecord = { png_bytes: png.length };
    for (const c of quick ? [1, 8] : [1, 8, 16, 32]) {
      const r = await phase(s, c, c, (_i, agent) => send(agent, s.port, 'POST', '/api/search/image', png));
      big[`c${c}`] = { peak_rss_mb: r.peak_rss_mb, peak_over_before_mb: r.peak_over_before_mb, rss_mb_after: r.rss_mb_after, p99_ms: r.p99_ms, ...(r.failed ? { failed: r.failed, statuses: r.statuses } : {}) };
    }
    return {
      case: 'serve',
      cores: cpus().length,
      // The machine may be shared: the load says how much of it the figures had.
      load_average_1m_start: loadStart,
      load_average_1m_end: round(loadavg()[0], 2),
      queries: queries.length,
      photos: images.length,
      rss_mb_idle: round(rssIdle),
      ingredients,
      uploads,
      png_49mp: big,
      rss_mb_end: round(s.rssMB()),
    };
  } finally {
    await server?.stop();
    await exp.remove();
  }
}
