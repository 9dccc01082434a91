import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { resetLanguageModel } from '../lib/language-models/service';

/** POST /v1/customizations/{customization_id}/reset */
export const handler = serviceHandler('resetLanguageModel', async (req, caller) => {
  return respond(200, await resetLanguageModel(caller, req.params.customization_id));
});
