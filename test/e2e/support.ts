import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { BasicAuthenticator, IamAuthenticator } from 'ibm-watson/auth';

export const emulatorUrl = (): string => inject('emulatorUrl');

/** A credential no other test uses: in open mode it is an instance of its own. */
export const newApiKey = (): string => `key-${randomUUID()}`;

export type AuthKind = 'basic' | 'iam';

/** The official SDK pointed at the emulator, authenticated the way a user would. */
export function sdkClient(apikey: string, kind: AuthKind = 'basic'): SpeechToTextV1 {
  const authenticator = kind === 'basic'
    ? new BasicAuthenticator({ username: 'apikey', password: apikey })
    : new IamAuthenticator({ apikey, url: emulatorUrl() });
  return new SpeechToTextV1({ authenticator, serviceUrl: emulatorUrl() });
}

export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface HttpResult {
  status: number;
  contentType: string | null;
  body: unknown;
  text: string;
}

/** A raw HTTP request as curl would send it; the body is parsed as JSON when it is JSON. */
export async function http(method: string, path: string, options: {
  apikey?: string;
  authorization?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
} = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization) headers.authorization = options.authorization;
  else if (options.apikey) headers.authorization = basicAuth('apikey', options.apikey);
  const response = await fetch(emulatorUrl() + path, { method, headers, body: options.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body, text };
}

/** Creates a model through raw HTTP and returns its id. */
export async function createModel(apikey: string, body: Record<string, unknown> = {}): Promise<string> {
  const result = await http('POST', '/v1/customizations', {
    apikey,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Test model', base_model_name: 'en-US_BroadbandModel', ...body }),
  });
  if (result.status !== 201) throw new Error(`create failed: ${result.status} ${result.text}`);
  return (result.body as { customization_id: string }).customization_id;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The SDK rejects with an error carrying the HTTP status and the parsed body. */
export async function sdkError(promise: Promise<unknown>): Promise<{ status: number; body: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; code?: number; result?: unknown; body?: string; message: string };
    return { status: e.status ?? e.code ?? 0, body: e.result ?? e.body, message: e.message };
  }
  throw new Error('expected the SDK call to fail');
}
