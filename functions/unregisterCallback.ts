import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { unregisterCallback } from '../lib/recognition/callbacks';

/** POST /v1/unregister_callback[?callback_url=] */
export const handler = serviceHandler('unregisterCallback', async (req, caller) => {
  return respond(200, await unregisterCallback(caller, req.query));
});
