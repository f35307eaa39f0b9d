/**
 * A photo given as a query (a file or an upload, of any size): a JPEG, PNG
 * or WebP within the pixel limit, decoded by the dataset's own decoder
 * straight to the size the image backbone reads. A bad one is a QueryError
 * (400) naming the file or upload.
 */
import type { RawImage } from '../data/backbone/types.js';
import { decodeImage, ImageDecodeError, readImageHeader, type ImageHeader } from '../data/image_decode.js';
import { QueryError } from './query_error.js';

export const QUERY_IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const;

async function asQueryError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof ImageDecodeError) throw new QueryError(err.message);
    throw err;
  }
}

/** The header check alone (format, pixel count), cheap whatever the image's size. */
export function checkQueryImage(bytes: Uint8Array, source: string): Promise<ImageHeader> {
  return asQueryError(readImageHeader(bytes, { source, formats: QUERY_IMAGE_FORMATS }));
}

/** `bytes` decoded to size × size RGB, as `prepare` decoded the dataset's photos; `source` names them in errors. */
export function decodeQueryImage(bytes: Uint8Array, source: string, size: number): Promise<RawImage> {
  return asQueryError(decodeImage(bytes, size, { source, formats: QUERY_IMAGE_FORMATS }));
}
