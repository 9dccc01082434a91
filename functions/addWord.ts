import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { customerId, jsonObjectBody } from '../lib/http/request';
import { addWord } from '../lib/words/service';

/** PUT /v1/customizations/{customization_id}/words/{word_name} */
export const handler = serviceHandler('addWord', async (req, caller) => {
  return respond(201, await addWord(caller, req.params.customization_id, req.params.word_name, jsonObjectBody(req), customerId(req)));
});
