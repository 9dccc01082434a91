import { resetInstance } from '../lib/controls/instance';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** POST /_emulator/reset — deletes the caller's models, timing settings and fault rules. */
export const handler = controlHandler('resetEmulator', async (_req, caller) => {
  return respond(200, await resetInstance(caller));
});
