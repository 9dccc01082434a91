import { exchangeApiKey } from '../lib/auth/iam';
import { httpHandler, respond } from '../lib/http/handler';
import { tokenRequest } from '../lib/http/request';

/** POST /identity/token — the IAM API-key exchange that the SDK's IamAuthenticator performs. */
export const handler = httpHandler('issueToken', async (req) => respond(200, await exchangeApiKey(tokenRequest(req))));
