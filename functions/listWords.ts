import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { listWords } from '../lib/words/service';

/** GET /v1/customizations/{customization_id}/words[?word_type=][&sort=] */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await listWords(caller, req.params.customization_id, req.query));
});
