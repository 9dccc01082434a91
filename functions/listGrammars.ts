import { listGrammars } from '../lib/grammars/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/customizations/{customization_id}/grammars */
export const handler = serviceHandler('listGrammars', async (req, caller) => {
  return respond(200, await listGrammars(caller, req.params.customization_id));
});
