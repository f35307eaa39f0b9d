/**
 * The one image decoder, for dataset photos (prepare) and query photos
 * (search, serve) alike, so that a stored photo searched by file gives the
 * pixels it was extracted from: RGB, EXIF-rotated the way people see it,
 * alpha dropped, cover-cropped to size × size.
 *
 * Memory stays bounded whatever the pixel count. The header is read first,
 * and an image over the pixel limit is refused before any pixel is decoded.
 * The rest stream row by row into the shrink (libvips also shrinks JPEG and
 * WebP while decoding), so a 49-megapixel PNG never exists at full
 * resolution. And at most DECODE_SLOTS decodes run at once; later callers
 * wait their turn.
 */
import sharp, { type Metadata } from 'sharp';
import type { RawImage } from './backbone/types.js';

/** Above this many pixels an image is refused unread: a 700 KB PNG can hold 49 megapixels. */
export const MAX_IMAGE_PIXELS = 50_000_000;

/**
 * Decodes running at once. libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise) runs sharp's jobs, so more slots would
 * only start more decodes than can run.
 */
export const DECODE_SLOTS = 4;

/** A file or upload that is not an image this decoder accepts; the message names it. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

/** What the header says, before any pixel is decoded. */
export interface ImageHeader {
  /** sharp's name for the format: 'jpeg', 'png', 'webp', ... */
  format: string;
  width: number;
  height: number;
}

export interface DecodeOptions {
  /** Names the file or upload in error messages (default: the path, or 'image' for bytes). */
  source?: string;
  /** The formats accepted, by sharp's names; default: any sharp decodes. */
  formats?: readonly string[];
  /** Default MAX_IMAGE_PIXELS. */
  maxPixels?: number;
}

const FORMAT_NAMES: Record<string, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', gif: 'GIF', tiff: 'TIFF' };

function expected(formats: readonly string[] | undefined): string {
  if (!formats) return '';
  const names = formats.map((f) => FORMAT_NAMES[f] ?? f.toUpperCase());
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
  return ` (${list} expected)`;
}

function sourceOf(input: string | Uint8Array, options: DecodeOptions): string {
  return options.source ?? (typeof input === 'string' ? input : 'image');
}

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `work` in a decode slot; a finished one hands its slot straight to the longest waiter. */
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < DECODE_SLOTS) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** The header of `input` (a path or the file's bytes), checked: a known format within the pixel limit. */
export async function readImageHeader(input: string | Uint8Array, options: DecodeOptions = {}): Promise<ImageHeader> {
  const source = sourceOf(input, options);
  if (typeof input !== 'string' && input.length === 0) throw new ImageDecodeError(`${source}: empty image`);
  let meta: Metadata;
  try {
    // No pixel limit here: the header is what tells the size, and the limit is checked on it below.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageDecodeError(`${source}: not a decodable image${expected(options.formats)}`);
  }
  const { format, width, height } = meta;
  if (!format || !width || !height) throw new ImageDecodeError(`${source}: not a decodable image${expected(options.formats)}`);
  if (options.formats && !options.formats.includes(format)) {
    throw new ImageDecodeError(`${source}: ${FORMAT_NAMES[format] ?? format} images are not accepted${expected(options.formats)}`);
  }
  const limit = options.maxPixels ?? MAX_IMAGE_PIXELS;
  if (width * height > limit) {
    throw new ImageDecodeError(
      `${source}: image too large: ${width}×${height} pixels (${(width * height / 1e6).toFixed(1)} megapixels), limit ${(limit / 1e6).toFixed(1)} megapixels`,
    );
  }
  return { format, width, height };
}

/**
 * `input` (a path or the file's bytes) decoded to size × size RGB. Throws
 * ImageDecodeError naming the source for anything that is not a whole,
 * accepted image within the pixel limit; a truncated or corrupt file is
 * refused, not decoded to grey.
 */
export function decodeImage(input: string | Uint8Array, size: number, options: DecodeOptions = {}): Promise<RawImage> {
  return inSlot(async () => {
    const header = await readImageHeader(input, options);
    try {
      const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: options.maxPixels ?? MAX_IMAGE_PIXELS })
        .rotate()
        // Dropped, not composited: a photo with an alpha channel keeps its colours under the transparent parts.
        .removeAlpha()
        .toColourspace('srgb')
        .resize(size, size, { fit: 'cover' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
      return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
    } catch (err) {
      const why = (err as Error).message.split('\n')[0];
      throw new ImageDecodeError(`${sourceOf(input, options)}: the ${FORMAT_NAMES[header.format] ?? header.format} image does not decode (${why})`);
    }
  });
}
