import { authenticate } from '../lib/auth/identity';
import { getGrammar } from '../lib/grammars/service';
import { httpHandler, respond } from '../lib/http/handler';

/** GET /v1/customizations/{customization_id}/grammars/{grammar_name} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await getGrammar(caller, req.params.customization_id, req.params.grammar_name));
});
