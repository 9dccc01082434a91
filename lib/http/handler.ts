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
      logError('unhandled error', error, { requestId, method: req?.method, path: req?.path });
      return toResult(500, {
        code: 500,
        code_description: 'Internal Server Error',
        error: `Internal error while processing request ${requestId}.`,
      });
    }
  };
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
