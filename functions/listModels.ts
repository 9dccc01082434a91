import { authenticate } from '../lib/auth/identity';
import { listSpeechModels } from '../lib/catalog';
import { httpHandler, respond } from '../lib/http/handler';

/** GET /v1/models */
export const handler = httpHandler(async (req) => {
  await authenticate(req);
  return respond(200, listSpeechModels(req.serviceUrl));
});
