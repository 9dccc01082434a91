import { listSpeechModels } from '../lib/catalog';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/models */
export const handler = serviceHandler('listModels', async (req) => {
  return respond(200, listSpeechModels(req.serviceUrl));
});
