import { authenticate } from '../lib/auth/identity';
import { listGrammars } from '../lib/grammars/service';
import { httpHandler, respond } from '../lib/http/handler';

/** GET /v1/customizations/{customization_id}/grammars */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await listGrammars(caller, req.params.customization_id));
});
