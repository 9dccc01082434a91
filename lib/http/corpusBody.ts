import { config } from '../config';
import { badRequest } from '../errors';
import { formParts } from '../multipart';
import { mediaType } from '../mediaType';
import { utf8Text, type ApiRequest } from './request';

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
async function multipartPart(req: ApiRequest, field: string): Promise<Buffer> {
  const part = (await formParts(req)).find((candidate) => candidate.name === field);
  if (!part) throw badRequest(`Required parameter '${field}' is missing from the multipart/form-data body.`);
  return part.data;
}
