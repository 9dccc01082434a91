import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { addWord } from '../lib/words/service';

/** PUT /v1/customizations/{customization_id}/words/{word_name} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(201, await addWord(caller, req.params.customization_id, req.params.word_name, jsonObjectBody(req)));
});
