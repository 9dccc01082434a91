import { corpusText } from '../lib/corpora/body';
import { addCorpus } from '../lib/corpora/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { booleanParam } from '../lib/http/query';

/** POST /v1/customizations/{customization_id}/corpora/{corpus_name}[?allow_overwrite=] */
export const handler = serviceHandler('addCorpus', async (req, caller) => {
  const allowOverwrite = booleanParam(req.query, 'allow_overwrite', false);
  const text = await corpusText(req);
  return respond(201, await addCorpus(caller, req.params.customization_id, req.params.corpus_name, allowOverwrite, text));
});
