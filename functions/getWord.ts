import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { getWord } from '../lib/words/service';

/** GET /v1/customizations/{customization_id}/words/{word_name} */
export const handler = serviceHandler('getWord', async (req, caller) => {
  return respond(200, await getWord(caller, req.params.customization_id, req.params.word_name));
});
