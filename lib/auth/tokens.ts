import { SignJWT, jwtVerify } from 'jose';
import { randomBytes } from 'node:crypto';
import { clock, isoTime } from '../clock';
import { config } from '../config';
import { addSecret } from '../log';
import { createSigningKey, readSigningKey } from '../store/signingKey';

/** Tokens this emulator issues say so in `iss`; the API accepts no others. */
export const TOKEN_ISSUER = 'https://iam.cloud.ibm.com/identity';
/** How far ahead of this container's clock another container's `iat` may be. */
const CLOCK_SKEW_MS = 60_000;

/** Open mode's signing key when STT_TOKEN_SECRET is unset. */
const OPEN_MODE_KEY = 'watson-stt-emulator-open-mode-signing-key';

let cachedKey: { secret: string; key: Uint8Array } | undefined;
/**
 * Strict mode without STT_TOKEN_SECRET: the key kept in the table, as last read, and until when (Date.now()) it is
 * used without reading again (STT_CREDENTIAL_CACHE_SECONDS: a key deleted to rotate it is let go within that).
 */
let storedSecret: string | undefined;
let storedSecretUntil = 0;
/** Until when (Date.now()) a verification that found no stored key does not look again. */
let noStoredKeyUntil = 0;

function keyOf(secret: string): Uint8Array {
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: new TextEncoder().encode(secret) };
    addSecret(secret);
  }
  return cachedKey.key;
}

/**
 * The HMAC key: STT_TOKEN_SECRET; else in open mode a fixed key (open mode accepts any credential anyway); else the
 * key kept in the table, which `fromTable` finds (or makes). Undefined when there is none.
 */
async function currentKey(fromTable: () => Promise<string | undefined>): Promise<Uint8Array | undefined> {
  const secret = config.tokenSecret() ?? (config.authMode() === 'open' ? OPEN_MODE_KEY : undefined);
  if (secret) return keyOf(secret);
  if (storedSecret !== undefined && Date.now() < storedSecretUntil) return keyOf(storedSecret);
  storedSecret = await fromTable();
  storedSecretUntil = Date.now() + config.credentialCacheSeconds() * 1000;
  return storedSecret === undefined ? undefined : keyOf(storedSecret);
}

/** The key to sign with; in the table's case, made by the first signer (racing cold starts agree on one). */
async function signingKey(): Promise<Uint8Array> {
  const key = await currentKey(async () => (await readSigningKey())
    ?? createSigningKey(randomBytes(32).toString('base64url'), isoTime(clock.now())));
  return key!;
}

/**
 * The key to verify with. Verifying never makes one (and functions that only verify need no write permission):
 * while the table holds none, no token can have been issued, and every token is refused.
 */
function verificationKey(): Promise<Uint8Array | undefined> {
  return currentKey(async () => {
    if (Date.now() < noStoredKeyUntil) return undefined;
    const stored = await readSigningKey();
    if (stored === undefined) noStoredKeyUntil = Date.now() + config.credentialMissCacheSeconds() * 1000;
    return stored;
  });
}

/** For tests: forget the key read from the table, as a new container would. */
export function forgetStoredSigningKey(): void {
  storedSecret = undefined;
  storedSecretUntil = 0;
  noStoredKeyUntil = 0;
}

export interface IssuedToken {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  expiration: number;
  scope: string;
}

/** Issues an IAM-style access token for an instance: a HS256 JWT with `iat` and `exp` (spec 8.2). */
export async function issueToken(instanceId: string, nowMs: number): Promise<IssuedToken> {
  const iat = Math.floor(nowMs / 1000);
  const ttl = config.tokenTtlSeconds();
  const exp = iat + ttl;
  const accessToken = await new SignJWT({
    iam_id: `iam-ServiceId-${instanceId}`,
    instance_id: instanceId,
    grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
    scope: 'ibm openid',
    client_id: 'default',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`ServiceId-${instanceId}`)
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(await signingKey());
  return {
    access_token: accessToken,
    refresh_token: randomBytes(24).toString('base64url'),
    token_type: 'Bearer',
    expires_in: ttl,
    expiration: exp,
    scope: 'ibm openid',
  };
}

/** Verifies signature, algorithm, issuer and expiry; returns the instance the token was issued for, or undefined. */
export async function verifyToken(token: string, nowMs: number): Promise<string | undefined> {
  const key = await verificationKey(); // a table error is a fault (500), not bad credentials
  if (!key) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      currentDate: new Date(nowMs),
      requiredClaims: ['iat', 'exp'],
    });
    // jose checks `exp` and `nbf`, not that `iat` is past: a token issued later than now (beyond clock skew) is not valid yet.
    if (payload.iat! * 1000 > nowMs + CLOCK_SKEW_MS) return undefined;
    return typeof payload.instance_id === 'string' ? payload.instance_id : undefined;
  } catch {
    return undefined;
  }
}
