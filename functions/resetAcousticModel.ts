import { resetAcousticModel } from '../lib/acoustic-models/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** POST /v1/acoustic_customizations/{customization_id}/reset */
export const handler = serviceHandler('resetAcousticModel', async (req, caller) => {
  return respond(200, await resetAcousticModel(caller, req.params.customization_id));
});
