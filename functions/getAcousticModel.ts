import { getAcousticModel } from '../lib/acoustic-models/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/acoustic_customizations/{customization_id} */
export const handler = serviceHandler('getAcousticModel', async (req, caller) => {
  return respond(200, await getAcousticModel(caller, req.params.customization_id, req.query));
});
