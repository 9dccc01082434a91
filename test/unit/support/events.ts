import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, beforeEach } from 'vitest';

export interface EventOptions {
  method?: string;
  /** The raw (still percent-encoded) path. */
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  pathParameters?: Record<string, string>;
  requestId?: string;
}

/** A hand-built API Gateway HTTP API payload-2.0 event. */
export function httpEvent(options: EventOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/';
  const requestId = options.requestId ?? 'req-unit-1';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: options.headers ?? {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'stt.example.com',
      domainPrefix: 'stt',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId,
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '05/Mar/2024:17:02:11 +0000',
      timeEpoch: 1709658131408,
    },
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
  };
}

export const basic = (credential: string): string => `Basic ${Buffer.from(credential, 'utf8').toString('base64')}`;

/** The parsed JSON body of a handler result. */
export function bodyOf(result: { body?: string }): unknown {
  return JSON.parse(result.body ?? 'null');
}

/** Every STT_* variable that lib/config.ts reads. */
export const STT_ENV = [
  'STT_AUTH', 'STT_CREDENTIALS', 'STT_TOKEN_SECRET', 'STT_TOKEN_TTL_SECONDS', 'STT_TABLE', 'STT_DYNAMODB_ENDPOINT',
  'STT_MAX_MODELS_PER_INSTANCE', 'STT_CONTROLS', 'STT_FAULT_CACHE_MS', 'STT_CREDENTIAL_CACHE_SECONDS', 'STT_CREDENTIAL_MISS_CACHE_SECONDS',
] as const;

/** Clears the emulator's variables before each test and puts the previous values back after it. */
export function useCleanEnv(names: readonly string[] = STT_ENV): void {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    for (const name of names) delete process.env[name];
  });
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
}
