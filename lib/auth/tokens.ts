import { SignJWT, jwtVerify } from 'jose';
import { randomBytes } from 'node:crypto';
import { config } from '../config';

/** Tokens this emulator issues say so in `iss`; the API accepts no others. */
export const TOKEN_ISSUER = 'https://iam.cloud.ibm.com/identity';

/** Open mode's signing key when STT_TOKEN_SECRET is unset: open mode accepts any credential anyway. */
const OPEN_MODE_KEY = 'watson-stt-emulator-open-mode-signing-key';

let cachedKey: { secret: string; key: Uint8Array } | undefined;

function signingKey(): Uint8Array {
  const secret = config.tokenSecret() ?? (config.authMode() === 'open' ? OPEN_MODE_KEY : undefined);
  if (!secret) throw new Error('STT_TOKEN_SECRET must be set when STT_AUTH=strict');
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: new TextEncoder().encode(secret) };
  return cachedKey.key;
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
    .sign(signingKey());
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
  const key = signingKey(); // a configuration error is a fault (500), not bad credentials
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      currentDate: new Date(nowMs),
      requiredClaims: ['iat', 'exp'],
    });
    return typeof payload.instance_id === 'string' ? payload.instance_id : undefined;
  } catch {
    return undefined;
  }
}
