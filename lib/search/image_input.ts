/**
 * A photo given as a query (a file or an upload, of any size): checked to be
 * a JPEG, PNG or WebP that really decodes, then decoded to 8-bit RGB pixels,
 * EXIF-rotated the way people see it (phone photos carry an orientation tag).
 */
import sharp from 'sharp';
import { QueryError } from './query_error.js';

export const QUERY_IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const;

/** A checked photo: its file bytes and its decoded pixels, row-major [height, width, 3]. */
export interface DecodedImage {
  width: number;
  height: number;
  /** RGB bytes, width*height*3. */
  data: Uint8Array;
  /** The format the bytes were in. */
  format: (typeof QUERY_IMAGE_FORMATS)[number];
  /**
   * The encoded file. Resizing must start from it, not from `data`: libvips
   * shrinks WebP and JPEG while decoding, and `prepare` resized that way.
   */
  bytes: Uint8Array;
}

/** Above this many pixels an upload is refused rather than decoded (decompression bombs). */
export const MAX_PIXELS = 50_000_000;

/** Decodes `bytes`; `source` names the file or upload in error messages. */
export async function decodeQueryImage(bytes: Uint8Array, source: string): Promise<DecodedImage> {
  if (bytes.length === 0) throw new QueryError(`${source}: empty image`);
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    throw new QueryError(`${source}: not a decodable image (JPEG, PNG or WebP expected)`);
  }
  if (!(QUERY_IMAGE_FORMATS as readonly string[]).includes(format ?? '')) {
    throw new QueryError(`${source}: ${format ?? 'unknown'} images are not accepted (JPEG, PNG or WebP expected)`);
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' })
      .rotate()
      // As `prepare` decodes dataset photos: alpha dropped, not composited, so a stored photo embeds the same.
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      format: format as DecodedImage['format'],
      bytes,
    };
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    throw new QueryError(`${source}: the ${format} image does not decode (${why})`);
  }
}
