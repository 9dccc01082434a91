import { getGrammar } from '../lib/grammars/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/customizations/{customization_id}/grammars/{grammar_name} */
export const handler = serviceHandler('getGrammar', async (req, caller) => {
  return respond(200, await getGrammar(caller, req.params.customization_id, req.params.grammar_name));
});
