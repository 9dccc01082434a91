import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { getWord } from '../lib/words/service';

/** GET /v1/customizations/{customization_id}/words/{word_name} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await getWord(caller, req.params.customization_id, req.params.word_name));
});
