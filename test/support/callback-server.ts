import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A callback server for the asynchronous recognition tests (recognition spec §7.1, §7.6), on 127.0.0.1 (node:http):
 * it records every request it gets, answers the registration challenge (GET ?challenge_string=) by echoing it as
 * text/plain and notifications (POST) with 200, unless a path is given a responder of its own.
 */

export interface CallbackRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body as received (the signature covers these bytes). */
  body: string;
  /** When it arrived (epoch ms, this machine's clock: the emulator's too). */
  at: number;
}

/** What the server answers; 'hang' never answers (until the server closes). */
export type Reply = { status: number; body?: string; contentType?: string } | 'hang';

/** Answers a request to one path; `index` counts the requests of that method to that path, from 0. */
export type Responder = (request: CallbackRequest, index: number) => Reply;

export interface Notification {
  request: CallbackRequest;
  json: { id: string; event: string; user_token: string; results?: unknown[] } & Record<string, unknown>;
}

export interface CallbackServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** A fresh path on this server (`/cb/<label>-<random>`), as a full URL. */
  newUrl(label?: string): string;
  requests: CallbackRequest[];
  /** Replaces the default behaviour for one path (the path of a URL made by newUrl). */
  on(url: string, responder: Responder): void;
  /** The requests to a URL's path, of one method. */
  received(url: string, method: 'GET' | 'POST'): CallbackRequest[];
  /** The notifications (POSTs) to a URL, their bodies parsed. */
  notifications(url: string): Notification[];
  /** Resolves once `predicate` holds; rejects after `timeoutMs` naming `what`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

const pathOf = (url: string) => new URL(url).pathname;

const defaultReply: Responder = (request) => {
  if (request.method === 'GET') {
    const challenge = request.query.get('challenge_string');
    return challenge === null ? { status: 400, body: 'no challenge' } : { status: 200, body: challenge, contentType: 'text/plain' };
  }
  return { status: 200, body: 'ok', contentType: 'text/plain' };
};

export async function startCallbackServer(): Promise<CallbackServer> {
  const requests: CallbackRequest[] = [];
  const responders = new Map<string, Responder>();
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: CallbackRequest = {
        method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'), at: Date.now(),
      };
      const index = requests.filter((r) => r.path === request.path && r.method === request.method).length;
      requests.push(request);
      const reply = (responders.get(request.path) ?? defaultReply)(request, index);
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const received = (url: string, method: 'GET' | 'POST') => requests.filter((r) => r.path === pathOf(url) && r.method === method);
  return {
    base,
    newUrl: (label = 'hook') => `${base}/cb/${label}-${randomUUID().slice(0, 8)}`,
    requests,
    on: (url, responder) => void responders.set(pathOf(url), responder),
    received,
    notifications: (url) => received(url, 'POST').map((request) => ({ request, json: JSON.parse(request.body) as Notification['json'] })),
    async waitFor(predicate, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `X-Callback-Signature` as the service computes it (spec §7.2): base64 of the HMAC of the bytes with the secret. */
export const expectedSignature = (secret: string, data: string, hash: 'sha1' | 'sha256' = 'sha1') =>
  createHmac(hash, secret).update(data).digest('base64');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
