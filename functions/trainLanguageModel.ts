import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { trainLanguageModel } from '../lib/language-models/training';

/** POST /v1/customizations/{customization_id}/train[?word_type_to_add=&customization_weight=&strict=&force=] */
export const handler = serviceHandler('trainLanguageModel', async (req, caller) => {
  return respond(200, await trainLanguageModel(caller, req.params.customization_id, req.query));
});
