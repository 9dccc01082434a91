import { createHmac, randomBytes } from 'node:crypto';
import type { Caller } from '../auth/identity';
import { config } from '../config';
import { badRequest } from '../errors';
import { logEvent } from '../log';
import * as store from '../store/jobs';

/** How long the callback server has to answer the challenge, or a notification (spec §7.1). */
const CALLBACK_TIMEOUT_MS = 5_000;

/** The challenge string's characters: random alphanumeric, 16 of them (spec §7.1, e.g. `n9ArPGMQ36Hiu7QC`). */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Every text of a callback refusal the service's documentation does not give: one place. */
export const CALLBACK_ERRORS = {
  missingUrl: "Required parameter 'callback_url' is missing.",
  invalidUrl: (url: string) => `Invalid value for 'callback_url': '${url}' is not an http or https URL.`,
  unverified: (url: string, reason: string) => `unable to register callback url '${url}', ${reason}`,
  notRegistered: (url: string) => `The callback URL '${url}' is not registered (allowlisted) for this service instance.`,
};

/** `X-Callback-Signature`: base64 of the HMAC of the bytes with the user's secret (spec §7.2; hash: STT_CALLBACK_SIGNATURE_HASH). */
export const callbackSignature = (secret: string, data: string | Buffer) =>
  createHmac(config.callbackSignatureHash(), secret).update(data).digest('base64');

function callbackUrl(query: URLSearchParams): string {
  const url = query.get('callback_url');
  if (url === null || url.trim() === '') throw badRequest(CALLBACK_ERRORS.missingUrl);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest(CALLBACK_ERRORS.invalidUrl(url));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badRequest(CALLBACK_ERRORS.invalidUrl(url));
  return url;
}

/**
 * registerCallback (spec §7.1): a URL not yet allowlisted gets one `GET ?challenge_string=…` (signed when a
 * `user_secret` is given) and must echo the string with 200 within 5 s: 201 `created`; an allowlisted one 200
 * `already created`; a failed check 400 with the service's text.
 */
export async function registerCallback(caller: Caller, query: URLSearchParams, customerId?: string):
Promise<{ created: boolean; body: { status: 'created' | 'already created'; url: string } }> {
  const url = callbackUrl(query);
  const secret = query.get('user_secret') || undefined;
  if (await store.getCallback(caller.instanceId, url)) return { created: false, body: { status: 'already created', url } };
  const challenge = [...randomBytes(16)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
  const target = new URL(url);
  target.searchParams.set('challenge_string', challenge);
  let reason: string | undefined;
  try {
    const response = await fetch(target, {
      headers: { Accept: 'text/plain', ...(secret ? { 'X-Callback-Signature': callbackSignature(secret, challenge) } : {}) },
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      redirect: 'manual',
    });
    const text = await response.text();
    if (response.status !== 200) reason = `callback server responded with status code ${response.status}`;
    else if (text.trim() !== challenge) reason = 'callback server did not echo the challenge string';
  } catch (error) {
    reason = (error as Error)?.name === 'TimeoutError'
      ? `callback server did not respond within ${CALLBACK_TIMEOUT_MS / 1000} seconds`
      : 'callback server could not be reached';
  }
  if (reason) throw badRequest(CALLBACK_ERRORS.unverified(url, reason));
  const created = await store.putCallback(caller.instanceId, { url, ...(secret ? { secret } : {}), ...(customerId ? { customerId } : {}) });
  return { created, body: { status: created ? 'created' : 'already created', url } };
}

/** unregisterCallback (spec §7.3): 200 `{}`; 400 for a URL that is not allowlisted. */
export async function unregisterCallback(caller: Caller, query: URLSearchParams): Promise<Record<string, never>> {
  const url = callbackUrl(query);
  if (!(await store.deleteCallback(caller.instanceId, url))) throw badRequest(CALLBACK_ERRORS.notRegistered(url));
  return {};
}

/** One notification to a job's callback URL (spec §7.6): the body, signed when the URL has a secret. */
export async function deliverNotification(url: string, secret: string | undefined, body: Record<string, unknown>): Promise<boolean> {
  const data = JSON.stringify(body);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(secret ? { 'X-Callback-Signature': callbackSignature(secret, data) } : {}) },
      body: data,
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    if (response.status >= 200 && response.status < 300) return true;
    logEvent('info', 'callback not accepted', { url, event: body.event, status: response.status });
  } catch (error) {
    logEvent('info', 'callback not delivered', { url, event: body.event, error: (error as Error)?.name });
  }
  return false;
}
