import { trainAcousticModel } from '../lib/acoustic-models/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** POST /v1/acoustic_customizations/{customization_id}/train[?custom_language_model_id=&strict=] */
export const handler = serviceHandler('trainAcousticModel', async (req, caller) => {
  return respond(200, await trainAcousticModel(caller, req.params.customization_id, req.query));
});
