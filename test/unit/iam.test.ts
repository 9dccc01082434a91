import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exchangeApiKey } from '../../lib/auth/iam';
import { instanceForCredential } from '../../lib/auth/identity';
import { verifyToken } from '../../lib/auth/tokens';
import { clock } from '../../lib/clock';
import { ApiError } from '../../lib/errors';
import { parseEvent, tokenRequest as toTokenRequest } from '../../lib/http/request';
import { nameGuid } from '../../lib/ids';
import { httpEvent, useCleanEnv } from './support/events';
import { useMockTable } from './support/table';

const NOW = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
const GRANT = 'urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey';
const FORM = 'application/x-www-form-urlencoded';

const tokenRequest = (body: string, contentType: string | undefined = FORM, requestId = 'iam-req-1') => toTokenRequest(parseEvent(httpEvent({
  method: 'POST',
  path: '/identity/token',
  requestId,
  headers: contentType === undefined ? {} : { 'Content-Type': contentType },
  body,
})));

async function iamRefusal(body: string, contentType?: string): Promise<{ status: number; body: unknown }> {
  try {
    await exchangeApiKey(tokenRequest(body, contentType));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, body: error.toBody() };
  }
  throw new Error('the exchange succeeded');
}

const iamBody = (errorCode: string, errorMessage: string) => ({
  status: 400,
  body: { errorCode, errorMessage, context: { requestId: 'iam-req-1', url: 'https://iam.cloud.ibm.com/identity/token' } },
});

describe('exchangeApiKey', () => {
  useCleanEnv();
  useMockTable(); // strict mode looks unknown keys up in the table: here an empty one
  beforeEach(() => {
    vi.spyOn(clock, 'now').mockReturnValue(NOW);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('exchanges the SDK\'s form for a token of the key\'s instance', async () => {
    const issued = await exchangeApiKey(tokenRequest(`apikey=my-key&grant_type=${GRANT}&response_type=cloud_iam`, `${FORM}; charset=utf-8`));
    expect(issued).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      expiration: Math.floor(NOW / 1000) + 3600,
      scope: 'ibm openid',
    });
    expect(await verifyToken(issued.access_token, NOW)).toBe(nameGuid('credential:apikey:my-key'));
    expect(await verifyToken(issued.access_token, NOW)).toBe(await instanceForCredential('apikey:my-key'));
  });

  it('decodes the form (percent-escapes and + as space) and accepts a missing content type', async () => {
    const issued = await exchangeApiKey(tokenRequest(`grant_type=${GRANT}&apikey=a%2Bb+c%3D`, undefined));
    expect(await verifyToken(issued.access_token, NOW)).toBe(await instanceForCredential('apikey:a+b c='));
  });

  it('refuses a content type other than a form', async () => {
    expect(await iamRefusal(`{"apikey":"k","grant_type":"${GRANT}"}`, 'application/json')).toEqual(
      iamBody('BXNIM0109E', 'Unsupported Content-Type \'application/json\'. Use \'application/x-www-form-urlencoded\'.'));
  });

  it('requires grant_type, and the API-key grant', async () => {
    expect(await iamRefusal('apikey=k', FORM)).toEqual(iamBody('BXNIM0109E', 'Property missing or empty. Property name: grant_type'));
    expect(await iamRefusal('apikey=k&grant_type=', FORM)).toEqual(iamBody('BXNIM0109E', 'Property missing or empty. Property name: grant_type'));
    expect(await iamRefusal('apikey=k&grant_type=password', FORM)).toEqual(iamBody('BXNIM0105E', 'Unsupported grant type: \'password\'.'));
  });

  it('requires apikey', async () => {
    expect(await iamRefusal(`grant_type=${GRANT}`, FORM)).toEqual(iamBody('BXNIM0109E', 'Property missing or empty. Property name: apikey'));
    expect(await iamRefusal(`grant_type=${GRANT}&apikey=`, FORM)).toEqual(iamBody('BXNIM0109E', 'Property missing or empty. Property name: apikey'));
  });

  it('in strict mode refuses an unknown key with BXNIM0415E and issues for a listed one', async () => {
    process.env.STT_AUTH = 'strict';
    process.env.STT_TOKEN_SECRET = 'unit-secret';
    process.env.STT_CREDENTIALS = JSON.stringify({ 'team-a': ['apikey:known', 'user:pw'] });
    expect(await iamRefusal(`grant_type=${GRANT}&apikey=unknown`, FORM)).toEqual(iamBody('BXNIM0415E', 'Provided API key could not be found.'));
    // a user:password credential is not an API key
    expect(await iamRefusal(`grant_type=${GRANT}&apikey=pw`, FORM)).toEqual(iamBody('BXNIM0415E', 'Provided API key could not be found.'));
    const issued = await exchangeApiKey(tokenRequest(`grant_type=${GRANT}&apikey=known`));
    expect(await verifyToken(issued.access_token, NOW)).toBe(nameGuid('instance:team-a'));
  });
});
