import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../config';
import type { AudioUpload } from '../acoustic-models/add-audio';
import type { TokenRequest } from '../auth/iam';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../errors';
import { mediaType } from '../mediaType';

/** What a handler needs to know about one HTTP request, whatever produced the event. */
export interface ApiRequest {
  method: string;
  /** The request path (percent-encoded under serverless-offline, decoded by API Gateway HTTP APIs). */
  path: string;
  /** Path parameters of the route, URL-decoded (both gateways decode them). */
  params: Readonly<Record<string, string>>;
  /** Query parameters; `get` answers a repeated name's first value, a `+` reads as a space (as the service reads it). */
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: Buffer;
  requestId: string;
  /** The service URL as the client sees it, e.g. `http://127.0.0.1:3000` or `https://host/instances/<id>`. */
  serviceUrl: string;
}

/**
 * Under `npm start`, serverless-offline (patches/serverless-offline+14.8.2.patch) hands a binary body over as the bytes
 * it read, beside `body`, which stays the base64 text API Gateway sends but is only encoded when read: a megabyte of
 * audio is then neither encoded nor decoded again per request. API Gateway events have no such property.
 */
const RAW_BODY = Symbol.for('watson-stt-emulator.rawBody');

/** Turns an API Gateway HTTP API (payload 2.0) event into an ApiRequest. */
export function parseEvent(event: APIGatewayProxyEventV2): ApiRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const path = event.rawPath ?? '/';
  const rawBody = event.isBase64Encoded ? (event as { [RAW_BODY]?: unknown })[RAW_BODY] : undefined;
  // serverless-offline hands over a JSON body it parsed to `false` or `0` as that value, not as text.
  const body = Buffer.isBuffer(rawBody)
    ? rawBody
    : event.body === undefined || event.body === null
    ? Buffer.alloc(0)
    : Buffer.from(typeof event.body === 'string' ? event.body : JSON.stringify(event.body), event.isBase64Encoded ? 'base64' : 'utf8');
  return {
    method: event.requestContext?.http?.method?.toUpperCase() ?? 'GET',
    path,
    params: definedParams(event.pathParameters ?? {}),
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    body,
    requestId: event.requestContext?.requestId ?? 'local',
    serviceUrl: serviceUrl(headers, path),
  };
}

function definedParams(params: Record<string, string | undefined>): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) defined[name] = value;
  return defined;
}

function serviceUrl(headers: Record<string, string>, path: string): string {
  const proto = (headers['x-forwarded-proto'] ?? 'http').split(',')[0].trim();
  const host = headers['host'] ?? '127.0.0.1';
  const instance = /^\/instances\/[^/]+/.exec(path);
  return `${proto}://${host}${instance ? instance[0] : ''}`;
}


/** Reads a JSON object body; the service requires `Content-Type: application/json` for these bodies. */
export function jsonObjectBody(req: ApiRequest): Record<string, unknown> {
  const type = mediaType(req);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw unsupportedMediaType(
      `Unsupported Content-Type '${type || '(none)'}': the request body must be 'application/json'.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw badRequest('Malformed JSON: the request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('Malformed JSON: the request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * A text body (a corpus, a grammar) as UTF-8, which the service requires: within the body limit, valid UTF-8
 * (a gateway that decoded a text body leaves U+FFFD where bytes were not UTF-8), not empty.
 */
export function utf8Text(req: ApiRequest, what: 'corpus' | 'grammar', bytes: Buffer = req.body): string {
  const limit = config.maxBodyBytes();
  if (bytes.length > limit) {
    throw payloadTooLarge(`The ${what} is ${bytes.length} bytes; the emulator accepts at most ${limit} bytes in one request.`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw badRequest(`The ${what} is not valid UTF-8 text. Encode the ${what} file in UTF-8.`);
  }
  if (text.includes('\uFFFD')) throw badRequest(`The ${what} is not valid UTF-8 text. Encode the ${what} file in UTF-8.`);
  if (text.trim() === '') throw badRequest(`The ${what} file is empty.`);
  return text;
}

/** The IAM token request of a `POST /identity/token` (form body). */
export function tokenRequest(req: ApiRequest): TokenRequest {
  return { mediaType: mediaType(req), form: new URLSearchParams(req.body.toString('utf8')), requestId: req.requestId };
}

/**
 * The customer ID a request tags its data with: `X-Watson-Metadata: customer_id=<id>` (spec §11.1); undefined when
 * absent. Other `key=value` pairs of the header (separated by `;`) are ignored.
 */
export function customerId(req: ApiRequest): string | undefined {
  const header = req.headers['x-watson-metadata'];
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim().toLowerCase() === 'customer_id') return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** The audio resource of an addAudio request: the body as sent and the headers that describe it (§10.3 A9). */
export function audioUpload(req: ApiRequest): AudioUpload {
  return {
    body: req.body,
    contentType: req.headers['content-type'],
    containedContentType: req.headers['contained-content-type'],
    customerId: customerId(req),
  };
}
