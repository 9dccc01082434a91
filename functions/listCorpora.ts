import { authenticate } from '../lib/auth/identity';
import { listCorpora } from '../lib/corpora/service';
import { httpHandler, respond } from '../lib/http/handler';

/** GET /v1/customizations/{customization_id}/corpora */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await listCorpora(caller, req.params.customization_id));
});
