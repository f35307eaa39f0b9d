/**
 * Draws one photo of a recipe1m-mini dish into a raw RGB buffer (IMAGE_SIZE
 * square, 128 px): a table, the class's vessel (plate, bowl, board, pan) and
 * dish body (pizza disc, soup, stack, strands...), then every visible
 * ingredient as pieces of its own colour, shape, size and texture, as many
 * as its quantity says; invisible ingredients are not drawn. A random
 * viewpoint (tilt), zoom, crop offset, lighting direction and strength,
 * colour temperature and sensor noise vary between photos of one recipe.
 * Everything comes from the given Random, so a seed replays the same pixels.
 */
import type { Random } from '../../util/random.js';
import type { Body, Vessel } from './dishes.js';
import type { Ingredient, Shape, Texture } from './ingredients_catalog.js';

export const IMAGE_SIZE = 128;

type RGB = readonly [number, number, number];
type Kind = 'ellipse' | 'rect' | 'tri' | 'ring' | 'half';

export interface SceneItem {
  ingredient: Ingredient;
  /** Relative amount from the recipe's quantity, about 0.3..3 (1 = a typical quantity). */
  amount: number;
}

export interface Scene {
  vessel: Vessel;
  body: Body;
  bodyColor: RGB;
  items: SceneItem[];
}

function hash3(x: number, y: number, salt: number): number {
  let h = Math.imul(x, 374761393) ^ Math.imul(y, 668265263) ^ Math.imul(salt, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

class Canvas {
  readonly data: Float32Array;
  salt = 1;
  constructor(readonly size: number) {
    this.data = new Float32Array(size * size * 3);
  }

  /** Fills a shape in local coordinates (u, v in [-1, 1]) with a colour, texture and opacity. */
  shape(kind: Kind, cx: number, cy: number, rx: number, ry: number, angle: number, color: RGB, texture: Texture | 'grid' | 'slice' | 'wood', alpha = 1): void {
    const S = this.size;
    const r = Math.max(rx, ry) + 1;
    const x0 = Math.max(0, Math.floor(cx - r)), x1 = Math.min(S - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r)), y1 = Math.min(S - 1, Math.ceil(cy + r));
    const c = Math.cos(angle), s = Math.sin(angle);
    const salt = this.salt++;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = x - cx, dy = y - cy;
        const u = (dx * c + dy * s) / rx;
        const v = (-dx * s + dy * c) / ry;
        const rr = u * u + v * v;
        let inside: boolean;
        switch (kind) {
          case 'ellipse': inside = rr <= 1; break;
          case 'rect': inside = u >= -1 && u <= 1 && v >= -1 && v <= 1; break;
          case 'tri': inside = v >= -1 && v <= 1 && Math.abs(u) <= (v + 1) / 2; break;
          case 'ring': inside = rr <= 1 && rr >= 0.42; break;
          case 'half': inside = rr <= 1 && v >= 0; break;
        }
        if (!inside) continue;
        let m = 1 - 0.1 * (u + v) * 0.5; // soft shading across the piece
        let white = 0;
        switch (texture) {
          case 'glossy': if ((u + 0.35) ** 2 + (v + 0.35) ** 2 < 0.09) white = 0.55; break;
          case 'speckled': if (hash3(x, y, salt) < 0.14) m *= 0.55; break;
          case 'striped': m *= Math.sin(u * 7) > 0 ? 1.08 : 0.82; break;
          case 'rough': m *= 0.8 + 0.4 * hash3(x, y, salt); break;
          case 'grilled': if (((u + v) * 2.2 + 10) % 1 < 0.2) m *= 0.45; break;
          case 'grid': if ((((u + 1) * 5) % 1 < 0.22) || (((v + 1) * 5) % 1 < 0.22)) m *= 0.7; break;
          case 'slice': if (rr < 0.45) m *= 1.18; break;
          case 'wood': m *= 0.85 + 0.15 * Math.sin(v * 9 + Math.sin(u * 3) * 2); break;
          default: break;
        }
        const i = (y * S + x) * 3;
        for (let k = 0; k < 3; k++) {
          const target = color[k] * m * (1 - white) + 255 * white;
          this.data[i + k] += (target - this.data[i + k]) * alpha;
        }
      }
    }
  }

  /** A thick path through points, drawn as overlapping discs. */
  path(points: Array<[number, number]>, width: number, color: RGB, texture: Texture): void {
    for (let p = 0; p + 1 < points.length; p++) {
      const [ax, ay] = points[p], [bx, by] = points[p + 1];
      const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / Math.max(0.6, width * 0.6)));
      for (let k = 0; k < steps; k++) {
        const t = k / steps;
        this.shape('ellipse', ax + (bx - ax) * t, ay + (by - ay) * t, width, width, 0, color, texture === 'glossy' ? 'smooth' : texture);
      }
    }
  }
}

const TABLES: RGB[] = [[138, 90, 58], [232, 228, 220], [58, 58, 64], [170, 130, 90], [200, 60, 50], [110, 120, 140]];
const PLATES: RGB[] = [[246, 246, 242], [240, 232, 214], [200, 214, 230], [40, 40, 44], [230, 236, 240]];
const WOOD: RGB = [176, 124, 76];

function jitter(c: RGB, rng: Random, amount: number): RGB {
  return [clamp(c[0] + rng.uniform(-amount, amount), 0, 255), clamp(c[1] + rng.uniform(-amount, amount), 0, 255), clamp(c[2] + rng.uniform(-amount, amount), 0, 255)];
}
const scale = (c: RGB, f: number): RGB => [clamp(c[0] * f, 0, 255), clamp(c[1] * f, 0, 255), clamp(c[2] * f, 0, 255)];

/** Base number of pieces of a typical quantity, per shape. */
const PIECES: Record<Shape, number> = {
  fleck: 18, dust: 45, grain: 30, shred: 14, round: 7, slice: 5, cube: 7, wedge: 4, strip: 6, ring: 5, leaf: 5, floret: 5,
  stick: 5, crumble: 9, slab: 1, curl: 5, strand: 8, tube: 8, dollop: 1, drizzle: 2, sauce: 1, sheet: 1,
};

interface Frame {
  cx: number;
  cy: number;
  /** Radius of the food area, px. */
  R: number;
  /** Vertical squash of the viewpoint, 0.65..1. */
  tilt: number;
  zoom: number;
}

function drawVessel(cv: Canvas, vessel: Vessel, f: Frame, rng: Random): void {
  const { cx, cy, zoom: z, tilt: t } = f;
  const plate = rng.pick(PLATES);
  if (vessel === 'board') {
    const a = rng.uniform(-0.3, 0.3);
    cv.shape('rect', cx + 3, cy + 4, 58 * z, 42 * z * t, a, [20, 20, 20], 'smooth', 0.35);
    cv.shape('rect', cx, cy, 58 * z, 42 * z * t, a, jitter(WOOD, rng, 20), 'wood');
    return;
  }
  const outer = vessel === 'bowl' ? 42 * z : vessel === 'pan' ? 46 * z : 50 * z;
  cv.shape('ellipse', cx + 3, cy + 5, outer, outer * t, 0, [10, 10, 10], 'smooth', 0.35); // shadow
  if (vessel === 'pan') {
    const a = rng.uniform(0, Math.PI * 2);
    cv.shape('rect', cx + Math.cos(a) * outer * 1.25, cy + Math.sin(a) * outer * 1.25 * t, outer * 0.4, 4 * z, a, [30, 30, 32], 'smooth');
    cv.shape('ellipse', cx, cy, outer, outer * t, 0, [52, 52, 56], 'smooth');
    cv.shape('ellipse', cx, cy, outer * 0.9, outer * 0.9 * t, 0, [70, 70, 74], 'smooth');
  } else if (vessel === 'bowl') {
    cv.shape('ellipse', cx, cy, outer, outer * t, 0, plate, 'glossy');
    cv.shape('ellipse', cx, cy + 2, outer * 0.84, outer * 0.84 * t, 0, scale(plate, 0.8), 'smooth');
  } else {
    cv.shape('ellipse', cx, cy, outer, outer * t, 0, scale(plate, 0.92), 'smooth');
    cv.shape('ellipse', cx, cy, outer * 0.78, outer * 0.78 * t, 0, plate, 'smooth');
  }
}

function drawBody(cv: Canvas, body: Body, color: RGB, f: Frame, rng: Random, sauce: RGB | undefined): void {
  const { cx, cy, R, tilt: t } = f;
  const col = () => jitter(color, rng, 10);
  switch (body) {
    case 'flat':
      cv.shape('ellipse', cx, cy, R, R * t, 0, scale(color, 0.85), 'rough');
      cv.shape('ellipse', cx, cy, R * 0.84, R * 0.84 * t, 0, sauce ?? scale(color, 1.1), sauce ? 'rough' : 'smooth');
      break;
    case 'soup':
      cv.shape('ellipse', cx, cy + 2, R * 1.02, R * 1.02 * t, 0, sauce ? mix(color, sauce, 0.4) : color, 'glossy');
      break;
    case 'dip':
      cv.shape('ellipse', cx, cy + 2, R, R * t, 0, color, 'smooth');
      cv.shape('ring', cx, cy + 2, R * 0.55, R * 0.55 * t, rng.uniform(0, 3), scale(color, 0.85), 'smooth', 0.6);
      break;
    case 'pile':
      for (let k = 0; k < 7; k++) {
        const a = rng.uniform(0, Math.PI * 2), d = rng.uniform(0, R * 0.45);
        cv.shape('ellipse', cx + Math.cos(a) * d, cy + Math.sin(a) * d * t, R * 0.5, R * 0.42 * t, a, col(), 'rough');
      }
      break;
    case 'stack':
      for (let k = 0; k < 4; k++) {
        cv.shape('ellipse', cx, cy - k * 3, R * 0.8, R * 0.8 * t, 0, scale(color, 0.75), 'smooth');
        cv.shape('ellipse', cx, cy - k * 3 - 1, R * 0.76, R * 0.76 * t, 0, col(), 'smooth');
      }
      break;
    case 'strands':
      if (sauce) cv.shape('ellipse', cx, cy, R * 0.8, R * 0.8 * t, 0, scale(sauce, 0.95), 'rough', 0.9);
      for (let k = 0; k < 40; k++) strand(cv, f, rng, R * 0.75, 1.3, col(), 'smooth', 22);
      break;
    case 'layers':
    case 'wedge': {
      const kind: Kind = body === 'layers' ? 'rect' : 'tri';
      const a = body === 'layers' ? rng.uniform(-0.3, 0.3) : rng.uniform(0, Math.PI * 2);
      cv.shape(kind, cx, cy, R * 0.85, R * 0.7 * t, a, scale(color, 0.9), 'smooth');
      const bands = 4;
      for (let k = 0; k < bands; k++) {
        const c = k % 2 === 0 ? (sauce ?? scale(color, 0.8)) : scale(color, 1.12);
        cv.shape(kind, cx, cy, R * 0.85 * (1 - k / (bands + 1)), R * 0.7 * t * (1 - k / (bands + 1)), a, c, 'smooth', 0.5);
      }
      break;
    }
    case 'rolls': {
      const n = rng.int(3) + 5, row = rng.uniform(-0.4, 0.4);
      for (let k = 0; k < n; k++) {
        const px = cx + (k - (n - 1) / 2) * R * 0.36, py = cy + (k - (n - 1) / 2) * R * 0.36 * row * t;
        cv.shape('ellipse', px, py, R * 0.19, R * 0.19 * t, 0, [26, 42, 26], 'smooth');
        cv.shape('ellipse', px, py, R * 0.15, R * 0.15 * t, 0, col(), 'rough');
      }
      break;
    }
    case 'folded':
      for (let k = 0; k < 2 + rng.int(2); k++) {
        const a = rng.uniform(0, Math.PI * 2), d = rng.uniform(0, R * 0.35);
        cv.shape('half', cx + Math.cos(a) * d, cy + Math.sin(a) * d * t, R * 0.6, R * 0.5 * t, rng.uniform(-0.6, 0.6) + Math.PI, col(), 'speckled');
      }
      break;
    case 'loaf':
      cv.shape('rect', cx, cy, R * 0.95, R * 0.45 * t, rng.uniform(-0.4, 0.4), scale(color, 0.92), 'rough');
      cv.shape('ellipse', cx, cy, R * 0.85, R * 0.38 * t, 0, col(), 'rough', 0.8);
      break;
    case 'pieces':
      for (let k = 0; k < 3 + rng.int(4); k++) {
        const a = rng.uniform(0, Math.PI * 2), d = rng.uniform(0, R * 0.5);
        cv.shape('ellipse', cx + Math.cos(a) * d, cy + Math.sin(a) * d * t, R * 0.32, R * 0.22 * t, rng.uniform(0, 3), col(), 'rough');
      }
      break;
    case 'scoop':
      for (let k = 0; k < 2 + rng.int(2); k++) {
        const a = rng.uniform(0, Math.PI * 2), d = rng.uniform(0, R * 0.3);
        cv.shape('ellipse', cx + Math.cos(a) * d, cy + Math.sin(a) * d * t, R * 0.38, R * 0.36 * t, 0, col(), 'rough');
      }
      break;
    case 'grid':
      cv.shape('rect', cx, cy, R * 0.75, R * 0.75 * t, rng.uniform(-0.5, 0.5), color, 'grid');
      break;
    case 'sandwich':
      cv.shape('ellipse', cx, cy + 6, R * 0.75, R * 0.45 * t, 0, scale(color, 0.9), 'rough');
      cv.shape('ellipse', cx, cy + 1, R * 0.8, R * 0.4 * t, 0, sauce ?? [110, 60, 40], 'rough');
      cv.shape('half', cx, cy - 2, R * 0.75, R * 0.6 * t, Math.PI, color, 'glossy');
      break;
  }
}

function mix(a: RGB, b: RGB, w: number): RGB {
  return [a[0] * (1 - w) + b[0] * w, a[1] * (1 - w) + b[1] * w, a[2] * (1 - w) + b[2] * w];
}

function strand(cv: Canvas, f: Frame, rng: Random, radius: number, width: number, color: RGB, texture: Texture, length: number): void {
  const a = rng.uniform(0, Math.PI * 2), d = Math.sqrt(rng.next()) * radius;
  let x = f.cx + Math.cos(a) * d, y = f.cy + Math.sin(a) * d * f.tilt;
  let dir = rng.uniform(0, Math.PI * 2);
  const bend = rng.uniform(-0.35, 0.35);
  const pts: Array<[number, number]> = [[x, y]];
  for (let k = 0; k < 6; k++) {
    dir += bend;
    x += Math.cos(dir) * (length / 6);
    y += Math.sin(dir) * (length / 6) * f.tilt;
    pts.push([x, y]);
  }
  cv.path(pts, width, color, texture);
}

function drawIngredient(cv: Canvas, item: SceneItem, f: Frame, rng: Random): void {
  const ing = item.ingredient;
  const { cx, cy, R, tilt: t, zoom: z } = f;
  const n = Math.max(1, Math.min(140, Math.round(PIECES[ing.shape] * item.amount * rng.uniform(0.8, 1.2))));
  const size = ing.size * z;
  for (let k = 0; k < n; k++) {
    const color = jitter(ing.color, rng, 9);
    const a = rng.uniform(0, Math.PI * 2), d = Math.sqrt(rng.next()) * R * 0.78;
    const x = cx + Math.cos(a) * d, y = cy + Math.sin(a) * d * t;
    const s = size * rng.uniform(0.8, 1.2), ang = rng.uniform(0, Math.PI * 2);
    switch (ing.shape) {
      case 'round': case 'crumble': case 'dollop':
        cv.shape('ellipse', x, y, s, s * (ing.shape === 'crumble' ? 0.7 : 0.92), ang, color, ing.texture);
        if (ing.shape === 'crumble') cv.shape('ellipse', x + s * 0.6, y + s * 0.3, s * 0.6, s * 0.5, ang, color, ing.texture);
        break;
      case 'slice': cv.shape('ellipse', x, y, s, s * 0.85, ang, color, ing.texture === 'smooth' ? 'slice' : ing.texture); break;
      case 'cube': cv.shape('rect', x, y, s * 0.8, s * 0.8, ang, color, ing.texture); break;
      case 'wedge': cv.shape('tri', x, y, s, s, ang, color, ing.texture); break;
      case 'strip': cv.shape('rect', x, y, s, Math.max(0.8, s * 0.28), ang, color, ing.texture); break;
      case 'stick': cv.shape('rect', x, y, s, Math.max(1, s * 0.22), ang, color, ing.texture); break;
      case 'ring': cv.shape('ring', x, y, s, s * 0.9, ang, color, ing.texture); break;
      case 'fleck': cv.shape('ellipse', x, y, Math.max(0.7, s), Math.max(0.6, s * 0.7), ang, color, 'smooth'); break;
      case 'dust': cv.shape('ellipse', x, y, 0.8, 0.8, 0, color, 'smooth', 0.8); break;
      case 'grain': cv.shape('ellipse', x, y, Math.max(0.8, s), Math.max(0.6, s * 0.5), ang, color, ing.texture); break;
      case 'shred': cv.shape('rect', x, y, s * 1.4, Math.max(0.6, s * 0.25), ang, color, ing.texture); break;
      case 'leaf':
        cv.shape('ellipse', x, y, s, s * 0.5, ang, color, ing.texture);
        cv.shape('rect', x, y, s * 0.9, 0.5, ang, scale(color, 0.7), 'smooth');
        break;
      case 'floret':
        for (let j = 0; j < 4; j++) cv.shape('ellipse', x + Math.cos(j * 1.6) * s * 0.5, y + Math.sin(j * 1.6) * s * 0.5, s * 0.55, s * 0.55, 0, color, 'rough');
        cv.shape('rect', x, y + s * 0.8, s * 0.2, s * 0.5, 0, scale(color, 1.3), 'smooth');
        break;
      case 'slab': cv.shape('ellipse', x * 0.4 + cx * 0.6, y * 0.4 + cy * 0.6, s, s * 0.62 * t, ang, color, ing.texture); break;
      case 'sheet': cv.shape('rect', x * 0.4 + cx * 0.6, y * 0.4 + cy * 0.6, s, s * 0.75 * t, ang, color, ing.texture, 0.9); break;
      case 'sauce': cv.shape('ellipse', cx, cy, Math.min(s, R * 0.8), Math.min(s, R * 0.8) * t, 0, color, ing.texture, 0.85); break;
      case 'curl': {
        const pts: Array<[number, number]> = [];
        for (let j = 0; j <= 5; j++) pts.push([x + Math.cos(ang + j * 0.6) * s, y + Math.sin(ang + j * 0.6) * s]);
        cv.path(pts, Math.max(0.8, s * 0.35), color, ing.texture);
        break;
      }
      case 'tube': cv.shape('rect', x, y, s, s * 0.4, ang, color, 'striped'); break;
      case 'strand': strand(cv, f, rng, R * 0.7, Math.max(0.8, s * 0.7), color, ing.texture, 20); break;
      case 'drizzle': {
        const pts: Array<[number, number]> = [];
        const y0 = cy + rng.uniform(-R, R) * 0.5 * t, amp = rng.uniform(2, 6);
        for (let j = 0; j <= 10; j++) pts.push([cx - R * 0.7 + (j / 10) * R * 1.4, y0 + Math.sin(j * 1.8 + ang) * amp]);
        cv.path(pts, Math.max(0.7, s * 0.8), color, ing.texture);
        break;
      }
    }
  }
}

const DRAW_ORDER: Record<Shape, number> = {
  sauce: 0, sheet: 1, slab: 2, strand: 3, leaf: 4, dollop: 9, drizzle: 10, dust: 11, fleck: 10, grain: 5, shred: 8,
  round: 6, slice: 6, cube: 6, wedge: 6, strip: 7, ring: 7, floret: 6, stick: 7, crumble: 7, curl: 7, tube: 6,
};

/** Renders a scene; returns IMAGE_SIZE² × 3 bytes of RGB. */
export function renderScene(scene: Scene, rng: Random): Uint8Array {
  const S = IMAGE_SIZE;
  const cv = new Canvas(S);
  // Table, with a wood grain or cloth texture.
  const table = jitter(rng.pick(TABLES), rng, 18);
  cv.shape('rect', S / 2, S / 2, S, S, rng.uniform(-0.2, 0.2), table, rng.next() < 0.5 ? 'wood' : 'rough');
  const zoom = rng.uniform(0.85, 1.25);
  const tilt = rng.uniform(0.65, 1);
  const frame: Frame = { cx: S / 2 + rng.uniform(-12, 12), cy: S / 2 + rng.uniform(-10, 10), tilt, zoom, R: 0 };
  frame.R = (scene.vessel === 'bowl' ? 34 : scene.vessel === 'board' ? 38 : 36) * zoom;
  drawVessel(cv, scene.vessel, frame, rng);
  const visible = scene.items.filter((i) => i.ingredient.visible);
  const sauces = visible.filter((i) => i.ingredient.shape === 'sauce');
  drawBody(cv, scene.body, scene.bodyColor, frame, rng, sauces.length > 0 ? sauces[0].ingredient.color : undefined);
  const ordered = visible.filter((i) => !(i.ingredient.shape === 'sauce' && ['flat', 'soup', 'strands', 'layers', 'wedge', 'sandwich'].includes(scene.body)))
    .sort((a, b) => DRAW_ORDER[a.ingredient.shape] - DRAW_ORDER[b.ingredient.shape]);
  for (const item of ordered) drawIngredient(cv, item, frame, rng);

  // Lighting, colour temperature, exposure, noise.
  const phi = rng.uniform(0, Math.PI * 2), strength = rng.uniform(0.1, 0.35);
  const warm = rng.uniform(-0.06, 0.08), exposure = rng.uniform(0.85, 1.15), noise = rng.uniform(2, 7);
  // Uint8ClampedArray rounds and clamps on assignment.
  const out = new Uint8ClampedArray(S * S * 3);
  const lx = Math.cos(phi) / S, ly = Math.sin(phi) / S;
  const amp = noise * Math.sqrt(3) * 2; // uniform noise with standard deviation `noise`
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const light = exposure * (1 + strength * ((x - S / 2) * lx + (y - S / 2) * ly) * 2);
      const i = (y * S + x) * 3;
      const n = (rng.next() - 0.5) * amp;
      out[i] = cv.data[i] * light * (1 + warm) + n;
      out[i + 1] = cv.data[i + 1] * light + n;
      out[i + 2] = cv.data[i + 2] * light * (1 - warm) + n;
    }
  }
  return new Uint8Array(out.buffer);
}
