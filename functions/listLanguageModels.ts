import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { listLanguageModels } from '../lib/language-models/service';

/** GET /v1/customizations[?language=] */
export const handler = serviceHandler('listLanguageModels', async (req, caller) => {
  return respond(200, await listLanguageModels(caller, req.query));
});
