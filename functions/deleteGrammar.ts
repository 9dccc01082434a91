import { authenticate } from '../lib/auth/identity';
import { deleteGrammar } from '../lib/grammars/service';
import { httpHandler, respond } from '../lib/http/handler';

/** DELETE /v1/customizations/{customization_id}/grammars/{grammar_name} */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await deleteGrammar(caller, req.params.customization_id, req.params.grammar_name));
});
