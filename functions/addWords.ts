import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { customerId, jsonObjectBody } from '../lib/http/request';
import { addWords } from '../lib/words/service';

/** POST /v1/customizations/{customization_id}/words */
export const handler = serviceHandler('addWords', async (req, caller) => {
  return respond(201, await addWords(caller, req.params.customization_id, jsonObjectBody(req), customerId(req)));
});
