import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { getModel } from '../lib/models/service';

/** GET /v1/customizations/{customization_id} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await getModel(caller, req.params.customization_id, req.query));
});
