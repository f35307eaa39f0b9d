/**
 * Notebook 01 as users meet it: `jupyter notebook` on 127.0.0.1 with a token,
 * the page in headless Chromium, Cell > Run All with the TypeScript kernel,
 * and its outputs (tables, figures) on the page with no error. The notebook
 * is a parameterised copy (smoke scale, a small messy store made here) in a
 * folder of its own, so the page's autosave never touches notebooks/.
 *
 * The selectors are those of the classic Notebook 6 interface, which
 * Debian's jupyter-notebook package (6.4.12 on bookworm) and environment.yml
 * (notebook 6.5) install. The server and its kernels are stopped at the end,
 * whatever happened.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { writeNotebookCopies } from '../../lib/notebook/notebook_copies.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../lib/viz/png_renderer.js';
import { preparedMessyCollection } from '../fixtures/messy_collection.js';
import { jupyterEnv } from '../fixtures/jupyter_env.js';

const NOTEBOOK = '01-data-exploration';
const root = process.cwd();
const token = randomBytes(16).toString('hex');
let scratch: string;
let served: string;
let server: ChildProcess | undefined;
let serverLog = '';
let base: string;
let browser: Browser | undefined;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls the server's status API until it answers, or fails with what it printed. */
async function waitForServer(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`jupyter notebook exited with ${server?.exitCode}:\n${serverLog.slice(-3000)}`);
    try {
      const res = await fetch(`${base}/api/status?token=${token}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`jupyter notebook did not answer on ${base} within ${timeoutMs / 1000} s:\n${serverLog.slice(-3000)}`);
}

/**
 * Shuts the kernels down through the API (they run in sessions of their
 * own), then SIGTERM to the server, SIGKILL if it is still there after 10 s.
 */
async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    const kernels = (await (await fetch(`${base}/api/kernels?token=${token}`)).json()) as { id: string }[];
    for (const k of kernels) await fetch(`${base}/api/kernels/${k.id}?token=${token}`, { method: 'DELETE' });
  } catch {
    // The server does not answer: the signals below still stop it.
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'notebook-browser-'));
  // Inside the repository: tslab resolves the notebook's imports from its folder.
  served = mkdtempSync(join(root, 'results', '.test-browser-'));
  const store = await preparedMessyCollection(join(scratch, 'store'));
  writeNotebookCopies([join(root, 'notebooks', `${NOTEBOOK}.ipynb`)], served,
    new Map([['scale', 'smoke'], ['prepared', store.prepared], ['results', join(served, 'results')]]), root);
  const env = jupyterEnv(join(scratch, 'jupyter'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const args = ['notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', `--NotebookApp.token=${token}`, `--notebook-dir=${served}`];
  if (process.getuid?.() === 0) args.push('--allow-root');
  server = spawn('jupyter', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (d: Buffer) => (serverLog += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));
  await waitForServer(60_000);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await stopServer();
    if (served) rmSync(served, { recursive: true, force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
});

test('notebook 01 runs in the browser with the TypeScript kernel: tables and figures, no error', async () => {
  const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${base}/notebooks/${NOTEBOOK}.ipynb?token=${token}`);
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 120_000 });
  assert.equal((await page.locator('.kernel_indicator_name').textContent())?.trim(), 'TypeScript');

  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  // Done when every code cell shows its execution number, or stopped at the first error.
  await page.waitForFunction(() => {
    const prompts = Array.from(document.querySelectorAll('.code_cell .input_prompt'));
    return document.querySelector('.output_error') !== null
      || (prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p.textContent ?? '')));
  }, undefined, { timeout: 600_000, polling: 500 });

  const errors = await page.locator('.output_error').allTextContents();
  assert.deepEqual(errors, [], `cells failed:\n${errors.join('\n')}`);
  const compileErrors = (await page.locator('.output_stderr').allTextContents()).filter((t) => /^\d+:\d+ - /m.test(t));
  assert.deepEqual(compileErrors, []);
  const cells = await page.locator('.code_cell').count();
  assert.equal(await page.locator('.code_cell .input_prompt', { hasText: /\[\d+\]/ }).count(), cells);

  // The split counts and the class distribution are arquero tables.
  assert.ok((await page.locator('.output_html table').count()) >= 2, 'the tables are on the page');
  const tableText = (await page.locator('.output_html table').first().textContent()) ?? '';
  for (const split of ['train', 'val', 'test']) assert.match(tableText, new RegExp(split));
  // Figures: the PNGs of the plots and the JPEG of sample recipes, loaded and drawn.
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.output_png img, .output_jpeg img'))
    .every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
  assert.ok((await page.locator('.output_png img').count()) >= 6, 'the six plot figures are shown');
  assert.equal(await page.locator('.output_jpeg img').count(), 1, 'the sample recipes are shown');
  assert.match((await page.locator('.output_stdout').allTextContents()).join('\n'), /recipes read from /);
  assert.deepEqual(pageErrors, []);
  assert.ok(existsSync(join(served, 'results', NOTEBOOK, 'split-counts.png')));
  await page.close();
});
