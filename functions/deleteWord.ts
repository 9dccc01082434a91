import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { deleteWord } from '../lib/words/service';

/** DELETE /v1/customizations/{customization_id}/words/{word_name} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await deleteWord(caller, req.params.customization_id, req.params.word_name));
});
