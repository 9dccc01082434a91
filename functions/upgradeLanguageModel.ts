import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { upgradeLanguageModel } from '../lib/language-models/training';

/** POST /v1/customizations/{customization_id}/upgrade_model */
export const handler = serviceHandler('upgradeLanguageModel', async (req, caller) => {
  return respond(200, await upgradeLanguageModel(caller, req.params.customization_id));
});
