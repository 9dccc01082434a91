import { getSpeechModel } from '../lib/catalog';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/models/{model_id} */
export const handler = serviceHandler('getModel', async (req) => {
  return respond(200, getSpeechModel(req.params.model_id, req.serviceUrl));
});
