import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { generateCookbook, imageRelPath } from '../../lib/data/generator/generate.js';
import { makeRecipe, classifier } from '../../lib/data/generator/recipes.js';
import { DISHES } from '../../lib/data/generator/dishes.js';
import { INGREDIENTS } from '../../lib/data/generator/ingredients_catalog.js';
import { CLASS_NAMES, FOOD101_NAMES } from '../../lib/data/class_names.js';
import { streamJsonArray } from '../../lib/data/stream_json.js';
import { tinyRecipe1M } from './fixtures.js';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), join(rel, e.name));
      else out.push(join(rel, e.name));
    }
  };
  walk(dir, '');
  return out.sort();
}

test('generate: the same seed writes the same bytes; another seed differs', async () => {
  const a = await mkdtemp(join(tmpdir(), 'r1m-gen-a-'));
  const b = await mkdtemp(join(tmpdir(), 'r1m-gen-b-'));
  const c = await mkdtemp(join(tmpdir(), 'r1m-gen-c-'));
  try {
    await generateCookbook({ out: a, recipes: 30, seed: 7 });
    await generateCookbook({ out: b, recipes: 30, seed: 7 });
    await generateCookbook({ out: c, recipes: 30, seed: 8 });
    for (const f of ['layer1.json', 'layer2.json', 'det_ingrs.json']) {
      assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between two runs of seed 7`);
    }
    assert.ok(!readFileSync(join(a, 'layer1.json')).equals(readFileSync(join(c, 'layer1.json'))), 'seeds 7 and 8 wrote the same layer1.json');
    const files = listFiles(join(a, 'images'));
    assert.deepEqual(files, listFiles(join(b, 'images')));
    assert.ok(files.length > 10);
    for (const f of files.slice(0, 5)) assert.ok(readFileSync(join(a, 'images', f)).equals(readFileSync(join(b, 'images', f))), `image ${f} differs`);
    assert.ok(!existsSync(join(a, 'layer1.json.partial')), 'temporary files are left behind');
  } finally {
    await Promise.all([a, b, c].map((d) => rm(d, { recursive: true, force: true })));
  }
});

test('generate: Recipe1M layout, partitions, image ids with their real extension, decodable 128x128 images', async () => {
  const dir = await tinyRecipe1M();
  const layer1: Array<Record<string, unknown>> = [];
  for await (const r of streamJsonArray(join(dir, 'layer1.json'))) layer1.push(r as Record<string, unknown>);
  assert.equal(layer1.length, 480);
  const parts = { train: 0, val: 0, test: 0 } as Record<string, number>;
  for (const r of layer1) {
    assert.match(r.id as string, /^[0-9a-f]{10}$/);
    assert.equal(typeof r.title, 'string');
    parts[r.partition as string]++;
    assert.ok((r.ingredients as unknown[]).length > 0 && (r.instructions as unknown[]).length > 0);
  }
  assert.deepEqual(parts, { train: 336, val: 72, test: 72 }, '70/15/15 by blocks of 20');
  const byId = new Map(layer1.map((r) => [r.id as string, r.partition as string]));
  const layer2: Array<{ id: string; images: Array<{ id: string }> }> = [];
  for await (const r of streamJsonArray(join(dir, 'layer2.json'))) layer2.push(r as { id: string; images: Array<{ id: string }> });
  assert.ok(layer2.length < layer1.length, 'some recipes have no image');
  assert.ok(layer2.length > 0.85 * layer1.length);
  const exts = new Map<string, number>();
  let checked = 0;
  for (const r of layer2) {
    assert.ok(r.images.length >= 1 && r.images.length <= 3);
    for (const im of r.images) {
      assert.match(im.id, /^[0-9a-f]{10}\.(jpg|png|webp)$/);
      const ext = im.id.split('.')[1];
      exts.set(ext, (exts.get(ext) ?? 0) + 1);
      const file = join(dir, imageRelPath(byId.get(r.id)!, im.id));
      assert.ok(existsSync(file), `${file} missing`);
      if (checked < 3 || (ext !== 'jpg' && checked < 40)) {
        const meta = await sharp(file).metadata();
        assert.equal(meta.width, 128);
        assert.equal(meta.height, 128);
        assert.equal(meta.format, ext === 'jpg' ? 'jpeg' : ext);
        checked++;
      }
    }
  }
  assert.ok((exts.get('png') ?? 0) > 0 && (exts.get('webp') ?? 0) > 0, `extensions ${[...exts]}`);
  const det: Array<{ ingredients: unknown[]; valid: boolean[] }> = [];
  for await (const r of streamJsonArray(join(dir, 'det_ingrs.json'))) det.push(r as { ingredients: unknown[]; valid: boolean[] });
  assert.equal(det.length, layer1.length);
  assert.ok(det.every((d) => d.ingredients.length === d.valid.length));
});

test('generator content: >= 40 dish classes in the class list, >= 300 ingredients, titles carry their class, about half background', () => {
  assert.ok(DISHES.length >= 40);
  assert.ok(INGREDIENTS.length >= 300);
  assert.ok(CLASS_NAMES.length > 300 && CLASS_NAMES[0] === 'background');
  for (const name of FOOD101_NAMES) assert.ok(CLASS_NAMES.includes(name), name);
  for (const d of DISHES) assert.ok(CLASS_NAMES.includes(d.name), d.name);
  let background = 0;
  const seen = new Set<number>();
  for (let i = 0; i < 600; i++) {
    const r = makeRecipe(i, 3);
    assert.equal(classifier.classify(r.title), r.classIndex, `title '${r.title}' should be class ${CLASS_NAMES[r.classIndex]}`);
    if (r.classIndex === 0) background++;
    else seen.add(r.classIndex);
    assert.equal(r.lines.length, r.det.length);
  }
  assert.ok(background > 240 && background < 360, `background ${background}/600`);
  assert.ok(seen.size >= 40, `${seen.size} classes drawn`);
});

test('generator text: ingredient lines with quantities and units, instructions with times and temperatures', () => {
  const lines: string[] = [];
  const steps: string[] = [];
  for (let i = 0; i < 200; i++) {
    const r = makeRecipe(i, 5);
    lines.push(...r.lines);
    steps.push(...r.instructions);
  }
  assert.ok(lines.some((l) => /^\d\/\d cup/.test(l)), 'a fractional cup');
  assert.ok(lines.some((l) => /tablespoons? /.test(l)));
  assert.ok(lines.some((l) => /to taste$/.test(l)));
  assert.ok(lines.some((l) => /\(\d+ ounce\) can/.test(l)));
  assert.ok(steps.some((s) => /\d+ degrees F/.test(s)));
  assert.ok(steps.some((s) => /\d+ minutes/.test(s)));
});

test('generator: two recipes of one class differ in ingredients (hard negatives)', () => {
  const byClass = new Map<number, string[]>();
  for (let i = 0; i < 400; i++) {
    const r = makeRecipe(i, 11);
    if (r.classIndex === 0) continue;
    const key = r.det.filter((d) => d.valid).map((d) => d.text).sort().join('|');
    byClass.set(r.classIndex, [...(byClass.get(r.classIndex) ?? []), key]);
  }
  let classesWithVariety = 0;
  for (const keys of byClass.values()) if (keys.length >= 2 && new Set(keys).size > 1) classesWithVariety++;
  assert.ok(classesWithVariety >= 20, `${classesWithVariety} classes with differing ingredient sets`);
});

test('generate: an interrupted run leaves no truncated photo and no folder that looks complete, even over a finished cookbook', async () => {
  const out = await mkdtemp(join(tmpdir(), 'r1m-gen-stop-'));
  try {
    await generateCookbook({ out, recipes: 30, seed: 7 });
    assert.ok(existsSync(join(out, 'layer1.json')));
    // The 6th photo write stops half-way, as a kill during the write would.
    let writes = 0;
    const writeBytes = async (path: string, bytes: Uint8Array) => {
      if (++writes === 6) {
        writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
        throw new Error('killed (test hook)');
      }
      writeFileSync(path, bytes);
    };
    await assert.rejects(generateCookbook({ out, recipes: 30, seed: 9, writeBytes }), /killed \(test hook\)/);
    for (const f of ['layer1.json', 'layer2.json', 'det_ingrs.json']) assert.ok(!existsSync(join(out, f)), `${f} is there: the folder looks complete`);
    const files = listFiles(join(out, 'images'));
    assert.ok(files.length > 10);
    assert.deepEqual(files.filter((f) => !/\.(jpg|png|webp)$/.test(f)), [], 'temporary files left');
    for (const f of files) await sharp(join(out, 'images', f), { failOn: 'truncated' }).raw().toBuffer();
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('generate: an output path that cannot be created is an error naming it, at once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'r1m-gen-out-'));
  try {
    writeFileSync(join(dir, 'a-file'), 'x');
    await assert.rejects(generateCookbook({ out: join(dir, 'a-file', 'cookbook'), recipes: 3, seed: 1 }), (e: Error) => e.message.includes(join(dir, 'a-file')) && /generate: cannot write the output folder/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
