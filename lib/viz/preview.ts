/**
 * A JPEG copy of a PNG for showing inside a notebook: photo grids compress
 * several times better as JPEG, and notebook outputs are committed. The PNG
 * on disk stays the reference.
 */
import sharp from 'sharp';

export async function jpegPreview(png: Uint8Array | string, quality = 82): Promise<Buffer> {
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new Error(`jpegPreview: quality must be an integer in [1, 100], got ${quality}`);
  return sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer();
}
