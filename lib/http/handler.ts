import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError } from './errors';
import { parseEvent, type ApiRequest } from './request';
import { logError } from '../log';

export interface ApiResponse {
  status: number;
  body: unknown;
}

export const respond = (status: number, body: unknown = {}): ApiResponse => ({ status, body });

const JSON_TYPE = 'application/json; charset=utf-8';

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
      return toResult(status, body);
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

function toResult(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': JSON_TYPE },
    body: JSON.stringify(body),
  };
}
