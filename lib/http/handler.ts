import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ApiError } from '../errors';
import { parseEvent, type ApiRequest } from './request';
import { logRequest, type RequestLogLine } from '../log';

export interface ApiResponse {
  status: number;
  body: unknown;
  /** A body that is not JSON (the console's page): sent as it is, with this type and these headers. */
  text?: { contentType: string; headers?: Record<string, string> };
}

export const respond = (status: number, body: unknown = {}): ApiResponse => ({ status, body });

/** An answer that is not JSON: `body` as it is, as `contentType`, with extra headers. */
export const respondText = (status: number, body: string, contentType: string, headers: Record<string, string> = {}): ApiResponse => ({
  status, body, text: { contentType, headers },
});

/** What a handler learns while it serves a request that the request's log line reports. */
export interface RequestFacts {
  /** The authenticated caller's instance GUID. */
  instance?: string;
  /** A fault rule of the control API fired. */
  fault?: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** The header by which the service names each request (and support asks for); here the gateway's request id. */
const TRANSACTION_ID = 'x-global-transaction-id';
/** Bodies at least this large are gzipped for clients that accept it: Lambda answers at most 6 MB. */
const GZIP_FROM_BYTES = 256 * 1024;
const CUSTOMIZATION_IN_PATH = /\/v1\/customizations\/([^/]+)/;

/** What a request came to, for whoever wants to know once its answer is made (the request journal). */
export interface AnsweredRequest {
  line: RequestLogLine;
  req: ApiRequest;
  event: APIGatewayProxyEventV2;
  failure: unknown;
}

export interface HandlerOptions {
  /** Runs after the answer is made and logged, before it is returned. */
  answered?: (answer: AnsweredRequest) => Promise<void> | undefined;
}

/**
 * Wraps a function of an ApiRequest as a Lambda handler for an HTTP API: every answer is JSON (or a respondText) and carries
 * `X-Global-Transaction-Id` (the gateway's request id), an ApiError becomes its envelope, and anything unexpected
 * becomes a 500 envelope naming the request id. Each request writes exactly one log line (lib/log.ts), named by
 * `operation` (the function's name: the SDK method it serves); `options.answered` then learns what the request came to.
 */
export function httpHandler(operation: string, handle: (req: ApiRequest, facts: RequestFacts) => Promise<ApiResponse>, options: HandlerOptions = {}) {
  return async (event: APIGatewayProxyEventV2, context?: { awsRequestId?: string }): Promise<APIGatewayProxyStructuredResultV2> => {
    const started = performance.now();
    const requestId = requestIdOf(event, context);
    const facts: RequestFacts = {};
    let req: ApiRequest | undefined;
    let result: APIGatewayProxyStructuredResultV2;
    let failure: unknown;
    try {
      req = parseEvent(event);
      req.requestId = requestId;
      const { status, body, text } = await handle(req, facts);
      result = text
        ? { statusCode: status, headers: { ...text.headers, 'content-type': text.contentType, [TRANSACTION_ID]: requestId }, body: String(body) }
        : toResult(status, body, requestId, /\bgzip\b/i.test(req.headers['accept-encoding'] ?? ''));
    } catch (error) {
      failure = error;
      result = error instanceof ApiError
        ? toResult(error.status, error.toBody(), requestId)
        : toResult(500, {
          code: 500,
          code_description: 'Internal Server Error',
          error: `Internal error while processing request ${requestId}.`,
        }, requestId);
    }
    const path = req?.path ?? event?.rawPath ?? '/';
    const customizationId = req?.params.customization_id ?? CUSTOMIZATION_IN_PATH.exec(path)?.[1];
    const line: RequestLogLine = {
      requestId,
      operation,
      method: req?.method ?? event?.requestContext?.http?.method ?? 'GET',
      path,
      ...(facts.instance === undefined ? {} : { instance: facts.instance }),
      ...(customizationId === undefined ? {} : { customization_id: customizationId }),
      status: result.statusCode!,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      fault: facts.fault === true,
    };
    logRequest(line, failure, failure !== undefined && !(failure instanceof ApiError) ? requestSecrets(event) : []);
    if (options.answered && req) await options.answered({ line, req, event, failure });
    return result;
  };
}

/** serverless-offline's stand-ins for the gateway's values (its requestId is the same for every request). */
const OFFLINE_PLACEHOLDER = 'offlineContext_';

/**
 * The request's id: API Gateway's (`requestContext.requestId`); under serverless-offline, whose event carries a fixed
 * placeholder, the invocation's (the id of its `(λ: fn) RequestId: …` line); a new one when neither exists.
 */
function requestIdOf(event: APIGatewayProxyEventV2, context?: { awsRequestId?: string }): string {
  const gateway = event?.requestContext?.requestId;
  if (gateway && !gateway.startsWith(OFFLINE_PLACEHOLDER)) return gateway;
  return context?.awsRequestId || randomUUID();
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

function toResult(status: number, body: unknown, requestId: string, acceptsGzip = false): APIGatewayProxyStructuredResultV2 {
  if (status === 204) return { statusCode: 204, headers: { [TRANSACTION_ID]: requestId } }; // No Content: no body, no type
  const text = JSON.stringify(body);
  if (acceptsGzip && text.length >= GZIP_FROM_BYTES) {
    return {
      statusCode: status,
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', [TRANSACTION_ID]: requestId },
      body: gzipSync(text, { level: 1 }).toString('base64'),
      isBase64Encoded: true,
    };
  }
  return { statusCode: status, headers: { 'content-type': JSON_TYPE, [TRANSACTION_ID]: requestId }, body: text };
}
