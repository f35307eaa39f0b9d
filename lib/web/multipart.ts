/**
 * The one part of a multipart/form-data upload that carries a file (RFC
 * 7578), enough for `curl -F image=@photo.jpg`. Anything malformed is a 400.
 */
import { QueryError } from '../retrieval/query_error.js';

export interface FilePart {
  /** The form field name. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

function boundaryOf(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/iu.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new QueryError('malformed multipart body: the Content-Type has no boundary');
  return boundary;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new QueryError(`malformed multipart body: bad part header line '${line.slice(0, 60)}'`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}="([^"]*)"`, 'iu').exec(disposition);
  return m?.[1];
}

/** The first part with a filename (or, failing that, the first part named `preferredField`). */
export function parseMultipartFile(body: Buffer, contentType: string, preferredField = 'image'): FilePart {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw new QueryError('malformed multipart body: boundary not found');
  const parts: FilePart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') break;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw new QueryError('malformed multipart body: boundary not followed by CRLF');
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw new QueryError('malformed multipart body: part headers never end');
    const headers = parseHeaders(body.subarray(at, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next < 0) throw new QueryError('malformed multipart body: a part is not closed by the boundary');
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\b/iu.test(disposition)) throw new QueryError('malformed multipart body: a part is not form-data');
    parts.push({
      field: dispositionParam(disposition, 'name') ?? '',
      filename: dispositionParam(disposition, 'filename') ?? '',
      contentType: headers.get('content-type') ?? 'application/octet-stream',
      data: body.subarray(dataStart, next),
    });
    at = next + 2;
  }
  const file = parts.find((p) => p.filename !== '') ?? parts.find((p) => p.field === preferredField);
  if (!file) throw new QueryError(`multipart body has no file part (send the photo as field '${preferredField}')`);
  return file;
}
