import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { deleteModel } from '../lib/models/service';

/** DELETE /v1/customizations/{customization_id} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await deleteModel(caller, req.params.customization_id));
});
