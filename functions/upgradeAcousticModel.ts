import { upgradeAcousticModel } from '../lib/acoustic-models/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** POST /v1/acoustic_customizations/{customization_id}/upgrade_model[?custom_language_model_id=&force=] */
export const handler = serviceHandler('upgradeAcousticModel', async (req, caller) => {
  return respond(200, await upgradeAcousticModel(caller, req.params.customization_id, req.query));
});
