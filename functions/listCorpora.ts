import { listCorpora } from '../lib/corpora/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/customizations/{customization_id}/corpora */
export const handler = serviceHandler('listCorpora', async (req, caller) => {
  return respond(200, await listCorpora(caller, req.params.customization_id));
});
