import Busboy from 'busboy';
import { config } from '../config';
import { badRequest } from '../http/errors';
import { mediaType, utf8Text, type ApiRequest } from '../http/request';

/**
 * The corpus text of an addCorpus request, in either wire form (spec 4.9): a raw body (curl's `--data-binary`, any
 * or no content type) or `multipart/form-data` with a `corpus_file` part (what the SDK sends). UTF-8 is required.
 */
export async function corpusText(req: ApiRequest): Promise<string> {
  if (req.body.length > config.maxBodyBytes()) return utf8Text(req, 'corpus'); // answers the 413 before any parsing
  const bytes = mediaType(req) === 'multipart/form-data' ? await multipartPart(req, 'corpus_file') : req.body;
  return utf8Text(req, 'corpus', bytes);
}

/** One part of a multipart/form-data body, by field name. */
function multipartPart(req: ApiRequest, field: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({ headers: { 'content-type': req.headers['content-type'] }, limits: { fileSize: config.maxBodyBytes() } });
    } catch {
      reject(badRequest('Malformed multipart/form-data body: the Content-Type has no boundary.'));
      return;
    }
    let found: Buffer | undefined;
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (name === field && found === undefined) found = Buffer.concat(chunks);
      });
    });
    parser.on('field', (name, value) => {
      if (name === field && found === undefined) found = Buffer.from(value, 'utf8');
    });
    parser.on('error', () => reject(badRequest('Malformed multipart/form-data body.')));
    parser.on('close', () => {
      if (found === undefined) reject(badRequest(`Required parameter '${field}' is missing from the multipart/form-data body.`));
      else resolve(found);
    });
    parser.end(req.body);
  });
}
