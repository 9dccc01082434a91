import { respond } from '../lib/http/handler';
import { customerId } from '../lib/http/request';
import { serviceHandler } from '../lib/http/service';
import { registerCallback } from '../lib/recognition/callbacks';

/** POST /v1/register_callback[?callback_url=&user_secret=] */
export const handler = serviceHandler('registerCallback', async (req, caller) => {
  const { created, body } = await registerCallback(caller, req.query, customerId(req));
  return respond(created ? 201 : 200, body);
});
