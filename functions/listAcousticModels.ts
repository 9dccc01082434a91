import { listAcousticModels } from '../lib/acoustic-models/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/acoustic_customizations[?language=] */
export const handler = serviceHandler('listAcousticModels', async (req, caller) => {
  return respond(200, await listAcousticModels(caller, req.query));
});
