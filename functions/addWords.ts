import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { addWords } from '../lib/words/service';

/** POST /v1/customizations/{customization_id}/words */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(201, await addWords(caller, req.params.customization_id, jsonObjectBody(req)));
});
