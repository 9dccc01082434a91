import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { resetModel } from '../lib/models/service';

/** POST /v1/customizations/{customization_id}/reset */
export const handler = serviceHandler('resetLanguageModel', async (req, caller) => {
  return respond(200, await resetModel(caller, req.params.customization_id));
});
