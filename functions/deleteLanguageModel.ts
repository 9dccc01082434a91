import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { deleteLanguageModel } from '../lib/language-models/service';

/** DELETE /v1/customizations/{customization_id} */
export const handler = serviceHandler('deleteLanguageModel', async (req, caller) => {
  return respond(200, await deleteLanguageModel(caller, req.params.customization_id));
});
