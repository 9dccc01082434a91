import { clock } from '../clock';
import { ApiError } from '../errors';
import { instanceForCredential } from './identity';
import { issueToken, type IssuedToken } from './tokens';

const APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey';

/**
 * IAM answers errors in its own shape; the IBM SDK core reads `errorMessage` and treats a `context.url`
 * containing `iam` as an authentication failure (spec 8.2).
 */
function iamError(status: number, errorCode: string, errorMessage: string, requestId: string): ApiError {
  return new ApiError(status, errorMessage, {
    errorCode,
    errorMessage,
    context: { requestId, url: 'https://iam.cloud.ibm.com/identity/token' },
  });
}

/** A token request as read from HTTP: the body's media type, the body as a form, the request id for IAM's errors. */
export interface TokenRequest {
  mediaType: string;
  form: URLSearchParams;
  requestId: string;
}

/** The IAM API-key exchange: form body `grant_type=…apikey&apikey=…` → a bearer token for the key's instance. */
export async function exchangeApiKey(req: TokenRequest): Promise<IssuedToken> {
  const { mediaType: type, form } = req;
  if (type !== '' && type !== 'application/x-www-form-urlencoded') {
    throw iamError(400, 'BXNIM0109E', `Unsupported Content-Type '${type}'. Use 'application/x-www-form-urlencoded'.`, req.requestId);
  }
  const grantType = form.get('grant_type');
  if (!grantType) throw iamError(400, 'BXNIM0109E', 'Property missing or empty. Property name: grant_type', req.requestId);
  if (grantType !== APIKEY_GRANT) {
    throw iamError(400, 'BXNIM0105E', `Unsupported grant type: '${grantType}'.`, req.requestId);
  }
  const apikey = form.get('apikey');
  if (!apikey) throw iamError(400, 'BXNIM0109E', 'Property missing or empty. Property name: apikey', req.requestId);
  const instanceId = await instanceForCredential(`apikey:${apikey}`);
  if (!instanceId) throw iamError(400, 'BXNIM0415E', 'Provided API key could not be found.', req.requestId);
  return issueToken(instanceId, clock.now());
}
