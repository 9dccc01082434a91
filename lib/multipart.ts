import Busboy from 'busboy';
import { config } from './config';
import { badRequest } from './errors';

/** What a multipart/form-data body comes with: its headers (names in lower case) and bytes. */
export interface MultipartBody {
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}

/** One part of a multipart/form-data body, in the order sent. */
export interface FormPart {
  name: string;
  /** The part's own Content-Type, lower case, as sent; undefined when it has none. */
  contentType?: string;
  data: Buffer;
}

/** The Content-Type a part declares, from its raw header block (busboy reports a default in its place when absent). */
function declaredType(headerBlock: string): string | undefined {
  const match = /^content-type:[ \t]*([^\r\n]*)$/im.exec(headerBlock);
  return match ? match[1].trim().toLowerCase() : undefined;
}

/** Every part of a multipart/form-data body (files and plain fields alike), in order; 400 for a malformed body. */
export function formParts(req: MultipartBody): Promise<FormPart[]> {
  return new Promise((resolve, reject) => {
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({ headers: { 'content-type': req.headers['content-type'] }, limits: { fileSize: config.maxBodyBytes() } });
    } catch {
      reject(badRequest('Malformed multipart/form-data body: the Content-Type has no boundary.'));
      return;
    }
    const parts: FormPart[] = [];
    const headerBlocks = partHeaderBlocks(req);
    parser.on('file', (name, stream) => {
      const part: FormPart = { name, contentType: declaredType(headerBlocks[parts.length] ?? ''), data: Buffer.alloc(0) };
      parts.push(part);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        part.data = Buffer.concat(chunks);
      });
    });
    parser.on('field', (name, value) => {
      parts.push({ name, contentType: declaredType(headerBlocks[parts.length] ?? ''), data: Buffer.from(value, 'utf8') });
    });
    parser.on('error', () => reject(badRequest('Malformed multipart/form-data body.')));
    parser.on('close', () => resolve(parts));
    parser.end(req.body);
  });
}

/** The header block of each part, in order (busboy does not hand them over). */
function partHeaderBlocks(req: MultipartBody): string[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const blocks: string[] = [];
  let at = req.body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const end = req.body.indexOf('\r\n\r\n', start);
    if (end === -1) break;
    blocks.push(req.body.subarray(start, end).toString('latin1'));
    at = req.body.indexOf(delimiter, end);
  }
  return blocks;
}
