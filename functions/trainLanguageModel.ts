import { authenticate } from '../lib/auth/identity';
import { httpHandler, respond } from '../lib/http/handler';
import { trainModel, trainOptions } from '../lib/models/training';

/** POST /v1/customizations/{customization_id}/train[?word_type_to_add=&customization_weight=&strict=&force=] */
export const handler = httpHandler(async (req) => {
  const caller = await authenticate(req);
  return respond(200, await trainModel(caller, req.params.customization_id, trainOptions(req.query)));
});
