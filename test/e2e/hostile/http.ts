// Raw HTTP for the hostile-input fuzzing: requests sent exactly as built, targets percent-encoded, and the route a target reaches.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ROUTES, routePaths, type Route } from '../../../lib/routes';
import { emulatorUrl } from '../support';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: unknown;
}

export interface FuzzRequest {
  method: string;
  /** The request target exactly as sent: path and query, percent-encoded or not. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export function send({ method, target, headers, body }: FuzzRequest): Promise<Answer> {
  const { hostname, port } = new URL(emulatorUrl());
  return new Promise((resolve, reject) => {
    // An explicit length: node sends the body of a GET unframed otherwise, which desynchronizes a kept-alive connection.
    const framed = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    const req = httpRequest({ host: hostname, port, method, path: target, headers: framed, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        let bytes: Buffer = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'gzip') bytes = gunzipSync(bytes);
        const text = bytes.toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within 20 s to ${method} ${target.slice(0, 200)}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Percent-encodes every byte of the UTF-8 form except RFC 3986's unreserved characters (lone surrogates: U+FFFD). */
export const encode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
    ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

export function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The route a target reaches once the server has resolved dot segments (`..`, `%2e%2e`), with its raw parameters. */
export function reachedRoute(method: string, target: string): { route: Route; params: Record<string, string> } | undefined {
  let segments: string[];
  try {
    // The local gateway (hapi) also takes a trailing slash as absent.
    segments = new URL(target, 'http://emulator').pathname.replace(/(.)\/$/, '$1').split('/');
  } catch {
    return undefined;
  }
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    for (const template of routePaths(route)) {
      const parts = template.split('/');
      if (parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const hit = parts.every((part, i) => {
        if (!part.startsWith('{')) return part === segments[i];
        params[part.slice(1, -1)] = segments[i];
        return segments[i] !== '';
      });
      if (hit) return { route, params };
    }
  }
  return undefined;
}
