import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { upgradeModel } from '../lib/models/training';

/** POST /v1/customizations/{customization_id}/upgrade_model */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await upgradeModel(caller, req.params.customization_id));
});
