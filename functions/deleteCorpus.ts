import { authenticate } from '../lib/auth/identity';
import { deleteCorpus } from '../lib/corpora/service';
import { httpHandler, respond } from '../lib/http/handler';

/** DELETE /v1/customizations/{customization_id}/corpora/{corpus_name} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await deleteCorpus(caller, req.params.customization_id, req.params.corpus_name));
});
