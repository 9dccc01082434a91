import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { jsonObjectBody } from '../lib/http/request';
import { createLanguageModel } from '../lib/language-models/service';

/** POST /v1/customizations */
export const handler = serviceHandler('createLanguageModel', async (req, caller) => {
  return respond(201, await createLanguageModel(caller, jsonObjectBody(req)));
});
