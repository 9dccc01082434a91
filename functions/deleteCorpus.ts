import { deleteCorpus } from '../lib/corpora/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** DELETE /v1/customizations/{customization_id}/corpora/{corpus_name} */
export const handler = serviceHandler('deleteCorpus', async (req, caller) => {
  return respond(200, await deleteCorpus(caller, req.params.customization_id, req.params.corpus_name));
});
