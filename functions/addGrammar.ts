import { addGrammar } from '../lib/grammars/add';
import { grammarFormat } from '../lib/grammars/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { mediaType } from '../lib/mediaType';
import { customerId, utf8Text } from '../lib/http/request';

/** POST /v1/customizations/{customization_id}/grammars/{grammar_name}[?allow_overwrite=] */
export const handler = serviceHandler('addGrammar', async (req, caller) => {
  const format = grammarFormat(mediaType(req));
  const text = utf8Text(req, 'grammar');
  return respond(201, await addGrammar(caller, req.params.customization_id, req.params.grammar_name, req.query, format, text, customerId(req)));
});
