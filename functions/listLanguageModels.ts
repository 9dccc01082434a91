import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { listModels } from '../lib/models/service';

/** GET /v1/customizations[?language=] */
export const handler = serviceHandler('listLanguageModels', async (req, caller) => {
  return respond(200, await listModels(caller, req.query.get('language')));
});
