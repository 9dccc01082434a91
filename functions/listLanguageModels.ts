import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { listModels } from '../lib/models/service';

/** GET /v1/customizations[?language=] */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await listModels(caller, req.query.get('language')));
});
