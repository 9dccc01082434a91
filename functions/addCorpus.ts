import { corpusText } from '../lib/http/corpusBody';
import { customerId } from '../lib/http/request';
import { addCorpus } from '../lib/corpora/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** POST /v1/customizations/{customization_id}/corpora/{corpus_name}[?allow_overwrite=] */
export const handler = serviceHandler('addCorpus', async (req, caller) => {
  const text = await corpusText(req);
  return respond(201, await addCorpus(caller, req.params.customization_id, req.params.corpus_name, req.query, text, customerId(req)));
});
