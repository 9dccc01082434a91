import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { deleteWord } from '../lib/words/service';

/** DELETE /v1/customizations/{customization_id}/words/{word_name} */
export const handler = serviceHandler('deleteWord', async (req, caller) => {
  return respond(200, await deleteWord(caller, req.params.customization_id, req.params.word_name));
});
