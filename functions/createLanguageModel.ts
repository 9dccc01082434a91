import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { createModel } from '../lib/models/service';

/** POST /v1/customizations */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(201, await createModel(caller, jsonObjectBody(req)));
});
