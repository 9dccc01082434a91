import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { listWords } from '../lib/words/service';

/** GET /v1/customizations/{customization_id}/words[?word_type=][&sort=] */
export const handler = serviceHandler('listWords', async (req, caller) => {
  return respond(200, await listWords(caller, req.params.customization_id, req.query));
});
