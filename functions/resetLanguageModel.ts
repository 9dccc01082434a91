import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { resetModel } from '../lib/models/service';

/** POST /v1/customizations/{customization_id}/reset */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await resetModel(caller, req.params.customization_id));
});
