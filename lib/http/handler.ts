import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { gzipSync } from 'node:zlib';
import { ApiError } from './errors';
import { parseEvent, type ApiRequest } from './request';
import { logError } from '../log';

export interface ApiResponse {
  status: number;
  body: unknown;
}

export const respond = (status: number, body: unknown = {}): ApiResponse => ({ status, body });

const JSON_TYPE = 'application/json; charset=utf-8';
/** Bodies at least this large are gzipped for clients that accept it: Lambda answers at most 6 MB. */
const GZIP_FROM_BYTES = 256 * 1024;

/**
 * Wraps a function of an ApiRequest as a Lambda handler for an HTTP API: every answer is JSON, an ApiError
 * becomes its envelope, and anything unexpected becomes a 500 envelope naming the request id.
 */
export function httpHandler(handle: (req: ApiRequest) => Promise<ApiResponse>) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    let req: ApiRequest | undefined;
    try {
      req = parseEvent(event);
      const { status, body } = await handle(req);
      return toResult(status, body, /\bgzip\b/i.test(req.headers['accept-encoding'] ?? ''));
    } catch (error) {
      if (error instanceof ApiError) return toResult(error.status, error.toBody());
      const requestId = req?.requestId ?? event?.requestContext?.requestId ?? 'unknown';
      logError('unhandled error', error, { requestId, method: req?.method, path: req?.path }, requestSecrets(event));
      return toResult(500, {
        code: 500,
        code_description: 'Internal Server Error',
        error: `Internal error while processing request ${requestId}.`,
      });
    }
  };
}

/** Form fields that carry secrets (the IAM token endpoint's). */
const SECRET_FIELDS = ['apikey', 'password', 'refresh_token', 'access_token', 'client_secret'];

/**
 * The secrets a request carries, in every form an error message could quote them: the Authorization value, its
 * token, a Basic credential decoded and its password, and the secret fields of a (small) form body, raw and encoded.
 */
function requestSecrets(event: APIGatewayProxyEventV2): string[] {
  const secrets: string[] = [];
  try {
    for (const [name, value] of Object.entries(event?.headers ?? {})) {
      if (name.toLowerCase() !== 'authorization' || !value) continue;
      const token = value.trim().split(/\s+/)[1] ?? '';
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      secrets.push(value, token, decoded, decoded.slice(decoded.indexOf(':') + 1));
    }
    if (event?.body && event.body.length <= 64 * 1024) {
      const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const form = new URLSearchParams(text);
      for (const field of SECRET_FIELDS) {
        for (const value of form.getAll(field)) secrets.push(value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2));
      }
    }
  } catch {
    // a request too malformed to read has nothing more to hide than the patterns catch
  }
  return secrets.filter(Boolean);
}

function toResult(status: number, body: unknown, acceptsGzip = false): APIGatewayProxyStructuredResultV2 {
  const text = JSON.stringify(body);
  if (acceptsGzip && text.length >= GZIP_FROM_BYTES) {
    return {
      statusCode: status,
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' },
      body: gzipSync(text, { level: 1 }).toString('base64'),
      isBase64Encoded: true,
    };
  }
  return { statusCode: status, headers: { 'content-type': JSON_TYPE }, body: text };
}
