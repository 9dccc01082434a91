import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { getLanguageModel } from '../lib/language-models/service';

/** GET /v1/customizations/{customization_id} */
export const handler = serviceHandler('getLanguageModel', async (req, caller) => {
  return respond(200, await getLanguageModel(caller, req.params.customization_id, req.query));
});
