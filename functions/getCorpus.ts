import { authenticate } from '../lib/auth/identity';
import { getCorpus } from '../lib/corpora/service';
import { httpHandler, respond } from '../lib/http/handler';

/** GET /v1/customizations/{customization_id}/corpora/{corpus_name} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await getCorpus(caller, req.params.customization_id, req.params.corpus_name));
});
