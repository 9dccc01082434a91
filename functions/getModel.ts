import { authenticate } from '../lib/auth/identity';
import { getSpeechModel } from '../lib/catalog';
import { httpHandler, respond } from '../lib/http/handler';

/** GET /v1/models/{model_id} */
export const handler = httpHandler(async (req) => {
  await authenticate(req);
  return respond(200, getSpeechModel(req.params.model_id, req.serviceUrl));
});
